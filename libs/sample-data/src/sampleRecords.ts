import { seededRandom } from './random.ts';

/** Columns of the generated data set: ids, names, emails, amounts, timestamps, free text. */
export const SAMPLE_COLUMNS = [
  'id',
  'name',
  'email',
  'amount',
  'currency',
  'created_at',
  'country',
  'card',
  'status',
  'notes',
] as const;

const FIRST = [
  'Ada',
  'Grace',
  'Linus',
  'Zoë',
  'Ömer',
  'José',
  'Mei',
  'Ravi',
  'Anaïs',
  'Bjørn',
  '陽翔',
  'Olu',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Torvalds',
  'Müller',
  'García',
  'Nakamura',
  'Okafor',
  "O'Brien",
  'Dubois',
  'Kowalski',
];
const COUNTRIES = ['FR', 'DE', 'US', 'JP', 'NG', 'BR', 'IN', 'GB'];
const STATUSES = ['new', 'paid', 'refunded', 'disputed'];
const WORDS = [
  'order',
  'shipped',
  'late',
  'fragile',
  'gift',
  'note',
  'café',
  'naïve',
  'résumé',
  'über',
  '🚚',
  'ok',
];

/** One generated record, as strings, in `SAMPLE_COLUMNS` order. */
export type SampleRecord = readonly string[];

/**
 * An endless, reproducible stream of records. The free-text column often holds commas and
 * quotes, and now and then a newline, so CSV splitting meets quoted multi-line fields.
 */
export function* sampleRecords(seed: number): Generator<SampleRecord> {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const start = Date.UTC(2024, 0, 1);
  for (let id = 1; ; id += 1) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const words = Array.from({ length: 3 + Math.floor(random() * 8) }, () => pick(WORDS));
    const roll = random();
    let notes = words.join(' ');
    if (roll < 0.3) notes = `${words.slice(0, 2).join(' ')}, ${words.slice(2).join(' ')}`;
    else if (roll < 0.35) notes = `${words.slice(0, 2).join(' ')}\n${words.slice(2).join(', ')}`;
    else if (roll < 0.4) notes = `said "${words[0]}", then ${words.slice(1).join(' ')}`;
    yield [
      String(id),
      `${first} ${last}`,
      `${first}.${last}${id % 1000}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, 'x'),
      (random() * 200).toFixed(2),
      pick(['EUR', 'USD', 'JPY']),
      new Date(start + Math.floor(random() * 3e10)).toISOString(),
      pick(COUNTRIES),
      String(4000_0000_0000_0000 + Math.floor(random() * 9e14)),
      pick(STATUSES),
      notes,
    ];
  }
}
