/** Why a message was refused. */
export const MessageErrorCode = {
  notJson: 'NotJson',
  tooLarge: 'TooLarge',
  unknownVersion: 'UnknownVersion',
  invalid: 'Invalid',
} as const;
export type MessageErrorCode = (typeof MessageErrorCode)[keyof typeof MessageErrorCode];

/** A message that cannot be processed as it is; retrying it will not help. */
export class MessageError extends Error {
  override readonly name = 'MessageError';
  readonly code: MessageErrorCode;

  constructor(code: MessageErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
