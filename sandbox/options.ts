/** Options of the sandbox server and of its accounts, with their defaults. */

export const DEFAULT_ACCESS_TOKEN = 'sandbox-access-token-not-a-secret';
/** A fake web key in the documented shape: 'CT_' and 32 hex digits. */
export const DEFAULT_WEB_KEY = 'CT_0123456789abcdef0123456789abcdef';
export const DEFAULT_TIME_ZONE = 'America/New_York';
export const DEFAULT_CLIENT_COUNT = 250;
/** The documented maximum number of rows per page. */
export const DOCUMENTED_PAGE_LIMIT = 100;

export interface AccountOptions {
  webKey: string;
  /** IANA name, default America/New_York. */
  timeZone?: string;
  /** Default 250. */
  clients?: number;
  /** Default 1. */
  seed?: number;
  /** Default a quarter of the clients, rounded down. */
  opportunities?: number;
}

export type AuthErrorForm = 'http401-json' | 'http403-json' | 'http401-text' | 'http403-text' | 'http200-code';

export type ResultCodeKey = 'ResultCode' | 'resultCode';

/** Variants of the API that a client must tolerate. Each server serves one combination. */
export interface Quirks {
  /** Default 'ResultCode'. */
  resultCodeKey?: ResultCodeKey;
  /** Overrides `resultCodeKey` for single operations, because the casing may differ by endpoint. */
  resultCodeKeyByOperation?: Record<string, ResultCodeKey>;
  /** 'CT_200' (default) also writes CT_515, and 'CT200' writes CT515. Error codes never have an underscore. */
  codeStyle?: 'CT_200' | 'CT200';
  /** Default 'number'. */
  totalRecordAs?: 'number' | 'string';
  /** Maximum rows per page, default 100. */
  limitClamp?: number;
  /** Response to a `limit` above `limitClamp`: 'clamp' (default) serves `limitClamp` rows, 'reject' returns CT400. */
  limitOverflow?: 'clamp' | 'reject';
  /** Past the end: 'CT515' (default) returns No Record Found without data, 'empty' returns success with `data: []`. */
  endOfList?: 'CT515' | 'empty';
  /** Adds undocumented custom fields to client and opportunity records. Default false. */
  extraFields?: boolean;
  /** Credential errors don't say which credential failed. Default false. */
  vagueAuthErrors?: boolean;
  /**
   * `assigned_user` as the user's full name (default) or as `{"first_name": …, "last_name": …}`.
   * NOTE: the object form is reported by public integrations, but its key names are a guess.
   */
  assignedUserAs?: 'name' | 'object';
  /** `created`/`last_modified_date` as naive local time (default) or ISO 8601 with the zone's offset. */
  timestampFormat?: 'naive-local' | 'iso-offset';
  /** Blank record values as '' (default) or as null. */
  blankValuesAs?: 'empty' | 'null';
  /** The user, sales cycle, lead source and action plan lists ignore limit and offset and return everything. */
  referenceListsIgnorePaging?: boolean;
}

export type ResolvedQuirks = Required<Omit<Quirks, 'resultCodeKeyByOperation'>> &
  Pick<Quirks, 'resultCodeKeyByOperation'>;

export function resolveQuirks(quirks: Quirks = {}): ResolvedQuirks {
  const limitClamp = quirks.limitClamp ?? DOCUMENTED_PAGE_LIMIT;

  if (!Number.isInteger(limitClamp) || limitClamp < 1) {
    throw new Error(`Invalid quirks.limitClamp ${limitClamp}: expected a whole number of at least 1`);
  }

  return {
    resultCodeKey: quirks.resultCodeKey ?? 'ResultCode',
    resultCodeKeyByOperation: quirks.resultCodeKeyByOperation,
    codeStyle: quirks.codeStyle ?? 'CT_200',
    totalRecordAs: quirks.totalRecordAs ?? 'number',
    limitClamp,
    limitOverflow: quirks.limitOverflow ?? 'clamp',
    endOfList: quirks.endOfList ?? 'CT515',
    extraFields: quirks.extraFields ?? false,
    vagueAuthErrors: quirks.vagueAuthErrors ?? false,
    assignedUserAs: quirks.assignedUserAs ?? 'name',
    timestampFormat: quirks.timestampFormat ?? 'naive-local',
    blankValuesAs: quirks.blankValuesAs ?? 'empty',
    referenceListsIgnorePaging: quirks.referenceListsIgnorePaging ?? false,
  };
}

/** Checks that a record count is a whole number >= 0. */
export function validateCount(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`Invalid ${name} ${value}: expected a whole number of at least 0`);
  }

  return value;
}
