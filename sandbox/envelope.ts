/**
 * The JSON envelope of every API response, written in the style the quirks select:
 * `{"ResultCode":"CT_200","Message":"Success","TotalRecord":N,"data":[...]}`.
 */

import { ResolvedQuirks, ResultCodeKey } from './options';

/** The outcome of an operation, before the envelope style is applied. */
export type ApiResult =
  | { kind: 'data'; data: unknown[]; total: number }
  /** Nothing at this offset or id. `total` is the size of the whole list. */
  | { kind: 'no-record'; total: number }
  | { kind: 'error'; code: ErrorCode; message: string };

/** Error result codes: bad request, request not found, unknown error, credential failure. */
export type ErrorCode = 'CT400' | 'CT401' | 'CT403' | 'CT404' | 'CT500';

export type EnvelopeQuirks = Pick<
  ResolvedQuirks,
  'resultCodeKey' | 'resultCodeKeyByOperation' | 'codeStyle' | 'totalRecordAs' | 'endOfList'
>;

export interface Envelope {
  body: Record<string, unknown>;
  resultCode: string;
}

export function resultCodeKeyFor(operation: string, quirks: EnvelopeQuirks): ResultCodeKey {
  return quirks.resultCodeKeyByOperation?.[operation] ?? quirks.resultCodeKey;
}

export function buildEnvelope(result: ApiResult, operation: string, quirks: EnvelopeQuirks): Envelope {
  const key = resultCodeKeyFor(operation, quirks);

  switch (result.kind) {
    case 'data':
      return successEnvelope(key, result.data, result.total, quirks);
    case 'no-record':
      return noRecordEnvelope(key, result.total, quirks);
    case 'error':
      return errorEnvelope(key, result.code, result.message);
  }
}

export function errorEnvelope(key: ResultCodeKey, code: ErrorCode, message: string): Envelope {
  return { body: { [key]: code, Message: message }, resultCode: code };
}

function successEnvelope(key: ResultCodeKey, data: unknown[], total: number, quirks: EnvelopeQuirks): Envelope {
  const code = styledCode('200', quirks);
  const totalRecord = quirks.totalRecordAs === 'string' ? String(total) : total;
  return { body: { [key]: code, Message: 'Success', TotalRecord: totalRecord, data }, resultCode: code };
}

function noRecordEnvelope(key: ResultCodeKey, total: number, quirks: EnvelopeQuirks): Envelope {
  if (quirks.endOfList === 'empty') {
    return successEnvelope(key, [], total, quirks);
  }

  const code = styledCode('515', quirks);
  return { body: { [key]: code, Message: 'No Record Found' }, resultCode: code };
}

/** Writes a success or No Record Found code as CT_200 or CT200, as the quirk selects. */
function styledCode(number: '200' | '515', quirks: EnvelopeQuirks): string {
  return quirks.codeStyle === 'CT_200' ? `CT_${number}` : `CT${number}`;
}
