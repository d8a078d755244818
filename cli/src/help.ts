/** Exit statuses of every command, as `--help` and the READMEs list them. */
export const EXIT_STATUSES = `Exit status:
  0    done (uploaded; the job succeeded or is still running; messages moved; cleaned)
  1    the operation failed: the job failed or was not found, a part or the upload failed
       (an upload stays open and resumes when run again), a checksum did not match
  2    bad usage or configuration (unknown command or option, bad value, missing variable)
  130  interrupted by Ctrl-C (SIGINT) or SIGTERM; run the same upload again to resume it`;

/** The overview `chunkline --help` prints. */
export const USAGE = `chunkline — process large S3 objects in record-aligned chunks, exactly once

Usage: chunkline <command> [options] [--json]

Commands:
  upload <file> s3://bucket/key   parallel, resumable multipart upload of a local file
  submit s3://bucket/key          process an object (as its S3 event would)
  status <job-id | s3://bucket/key>
                                  live progress on a terminal, or the status as JSON
  jobs                            list jobs with state and progress
  redrive [--queue ingest|chunk|merge]
                                  move a queue's dead letters back (default: chunk)
  cleanup <job-id | s3://bucket/key> [--force]
                                  remove a failed job's staging state
  demo [--size 200MiB] [--processors 2]
                                  run the whole pipeline on LocalStack with a generated CSV

Every command takes --json: one JSON document on stdout and nothing else there (progress
and messages go to stderr; an error is {"error": {"message", "exitCode"}}).
Run chunkline <command> --help for a command's options and examples. Configuration comes
from the same CHUNKLINE_* variables as the services (README).

Examples:
  chunkline upload ./orders.csv s3://incoming/2026/orders.csv
  chunkline submit s3://incoming/2026/orders.csv --follow
  chunkline status s3://incoming/2026/orders.csv
  chunkline jobs --json

${EXIT_STATUSES}
`;

/** `chunkline <command> --help`. */
export const COMMAND_HELP: Readonly<Record<string, string>> = {
  upload: `Usage: chunkline upload <file> s3://bucket/key [--concurrency 4] [--abort] [--json]

Uploads a local file as a multipart upload: parts of max(8 MiB, size / 10,000 rounded up to
a MiB), so never more than 10,000 parts, --concurrency of them in flight (default 4, 1 to 64),
each read from the file by range and sent with its CRC32, which S3 checks. The object's
composite checksum is compared with the file's at the end. Files over 5 TiB are refused.

Resumable: interrupted (Ctrl-C, a crash, a lost connection), it leaves the upload open; run
the same command again and it finds the open upload on the key, keeps the parts whose CRC32
matches the file, and sends only the rest. An open upload whose parts do not fit the file
(another size) is aborted and a new one started; --abort starts afresh in any case.
Needs only CHUNKLINE_AWS_ENDPOINT (for LocalStack) and AWS_REGION.

--json prints {state, bucket, key, uploadId, size, partSize, partCount, resumed,
partsReused, partsSent, partsMismatched, bytesSent, uploadsAborted, etag, checksumCrc32,
verified, elapsedMs}.

Examples:
  chunkline upload ./orders-2026.csv s3://incoming/2026/orders.csv
  chunkline upload ./dump.bin s3://backups/dump.bin --concurrency 8 --json
  chunkline upload ./dump.bin s3://backups/dump.bin --abort     # discard an open upload

${EXIT_STATUSES}
`,
  submit: `Usage: chunkline submit s3://bucket/key [--follow] [--json]

Sends the object to the dispatcher (the same path as its S3 event, so the same job), waits
up to 60 s until it is planned and prints the job id; --follow shows progress until it ends
(exit status 1 if it failed). --json prints the job's status document (the final one with
--follow).

Examples:
  chunkline submit s3://incoming/2026/orders.csv
  chunkline submit s3://incoming/2026/orders.csv --follow --json

${EXIT_STATUSES}
`,
  status: `Usage: chunkline status <job-id | s3://bucket/key> [--json]

A live progress bar on a terminal until the job ends (one line otherwise), with rows, the
output location and each failed chunk's index, byte offset, line and error. An s3:// URL
means the newest job of that object. --json prints the status document.

Examples:
  chunkline status s3://incoming/2026/orders.csv
  chunkline status 3f9ac1d2b4e5a6f708192a3b4c5d6e7f --json

${EXIT_STATUSES}
`,
  jobs: `Usage: chunkline jobs [--json]

Every job in staging, newest first: id, state, chunks done/total (and failed), source.
--json prints an array of status documents.

Examples:
  chunkline jobs
  chunkline jobs --json | jq '.[] | select(.state == "failed") | .jobId'

${EXIT_STATUSES}
`,
  redrive: `Usage: chunkline redrive [--queue ingest|chunk|merge] [--json]

Moves the messages of a queue's dead-letter queue back to the queue (default: chunk), once
the cause of their failure is fixed. --json prints {queue, moved, method}.

Examples:
  chunkline redrive
  chunkline redrive --queue merge --json

${EXIT_STATUSES}
`,
  cleanup: `Usage: chunkline cleanup <job-id | s3://bucket/key> [--force] [--json]

Removes a failed job's staging state (manifest, parts, markers, failure records, status)
and aborts its open uploads; a job that did not fail only with --force. --json prints
{jobId, objects, uploads}.

Examples:
  chunkline cleanup 3f9ac1d2b4e5a6f708192a3b4c5d6e7f
  chunkline cleanup s3://incoming/2026/orders.csv --force --json

${EXIT_STATUSES}
`,
  demo: `Usage: chunkline demo [--size 200MiB] [--processors 2] [--json]

Runs the whole pipeline on LocalStack (found or started): buckets, queues, the three
services, a generated CSV of --size (1MiB to 64GiB) with --processors processors, its job
followed with a progress bar, then a summary. --json prints {jobId, status, uploadedBytes,
seconds} (progress goes to stderr).

Examples:
  chunkline demo
  chunkline demo --size 1GiB --processors 4

${EXIT_STATUSES}
`,
};
