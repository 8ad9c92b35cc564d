// How the CLI prints a document's messages: `file:line:col: reason [rule]`, or `file: reason [rule]` without a place.
import type { Message } from '../types.js';

export function formatMessage(message: Message): string {
  const where = message.place ? `${message.file}:${message.place.line}:${message.place.column}` : message.file;
  return `${where}: ${message.fatal ? '' : 'warning: '}${message.reason} [${message.rule}]`;
}
