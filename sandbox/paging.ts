/** The `limit` and `offset` query parameters and how a list is cut into a page. */

import { ApiResult } from './envelope';
import { ResolvedQuirks } from './options';

export interface PageWindow {
  offset: number;
  limit: number;
}

export type PagingQuirks = Pick<ResolvedQuirks, 'limitClamp' | 'limitOverflow'>;

const WHOLE_NUMBER = /^\d+$/;

/**
 * Parses the raw query values. A missing offset is 0 and a missing limit is the page maximum.
 * A larger limit is clamped or rejected, as the quirk selects.
 */
export function parsePageWindow(
  rawOffset: string | null,
  rawLimit: string | null,
  quirks: PagingQuirks,
): PageWindow | ApiResult {
  const offset = rawOffset === null || rawOffset === '' ? 0 : Number(rawOffset);
  const limit = rawLimit === null || rawLimit === '' ? quirks.limitClamp : Number(rawLimit);

  if (rawOffset && !WHOLE_NUMBER.test(rawOffset)) {
    return badRequest(`Invalid offset ${JSON.stringify(rawOffset)}: expected a whole number of at least 0`);
  }
  if ((rawLimit && !WHOLE_NUMBER.test(rawLimit)) || limit < 1) {
    return badRequest(`Invalid limit ${JSON.stringify(rawLimit)}: expected a whole number of at least 1`);
  }
  if (limit > quirks.limitClamp && quirks.limitOverflow === 'reject') {
    return badRequest(`Invalid limit ${limit}: at most ${quirks.limitClamp} rows per page are allowed`);
  }

  return { offset, limit: Math.min(limit, quirks.limitClamp) };
}

export function isPageWindow(value: PageWindow | ApiResult): value is PageWindow {
  return 'offset' in value;
}

/** Returns the rows of the window, or No Record Found when the window starts past the end. */
export function pageResult(
  total: number,
  window: PageWindow,
  fetchRows: (offset: number, limit: number) => unknown[],
): ApiResult {
  if (window.offset >= total) {
    return { kind: 'no-record', total };
  }

  return { kind: 'data', data: fetchRows(window.offset, window.limit), total };
}

function badRequest(message: string): ApiResult {
  return { kind: 'error', code: 'CT400', message };
}
