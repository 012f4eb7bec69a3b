import { SPEC } from '../config';
import type { MessageWriter } from '../protocol/writer';

export function spec(writer: MessageWriter): number {
  writer.emit({ type: 'SPEC', spec: SPEC });
  return 0;
}
