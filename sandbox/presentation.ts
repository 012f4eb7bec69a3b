/**
 * Turns a stored record into the form the API serves under the record-level quirks: custom
 * fields, the shape of `assigned_user`, the timestamp format and how blanks are written.
 */

import { ResolvedQuirks } from './options';
import { Random } from './random';
import { SandboxRecord } from './records';
import { ReferenceData } from './reference-data';
import { naiveLocalToIso } from './timestamps';

export type RecordQuirks = Pick<ResolvedQuirks, 'extraFields' | 'assignedUserAs' | 'timestampFormat' | 'blankValuesAs'>;

const TIMESTAMP_FIELDS = ['created', 'last_modified_date'];
const CONTACT_TIMES = ['', 'Mornings', 'Afternoons', 'Evenings', 'Weekends only'];
const TAGS = ['vip', 'spring-promo', 'do-not-text', 'referral-partner', 'bilingual'];

export class RecordPresenter {
  constructor(
    private readonly quirks: RecordQuirks,
    private readonly reference: ReferenceData,
    private readonly timeZone: string,
  ) {}

  present(stored: SandboxRecord, recordId: string): SandboxRecord {
    const record: SandboxRecord = { ...stored };

    if (this.quirks.extraFields) {
      Object.assign(record, customFields(recordId));
    }
    if (this.quirks.assignedUserAs === 'object' && typeof record.assigned_user === 'string') {
      record.assigned_user = this.userObject(record.assigned_user);
    }
    if (this.quirks.timestampFormat === 'iso-offset') {
      this.rewriteTimestamps(record);
    }
    if (this.quirks.blankValuesAs === 'null') {
      replaceBlanksWithNull(record);
    }

    return record;
  }

  /** Splits a full name into the user's first and last name, or at the first space for unknown names. */
  private userObject(fullName: string): { first_name: string; last_name: string } | string {
    if (fullName === '') {
      return '';
    }

    const user = this.reference.users.find((candidate) => `${candidate.user_first_name} ${candidate.user_last_name}` === fullName);
    if (user) {
      return { first_name: user.user_first_name, last_name: user.user_last_name };
    }

    const space = fullName.indexOf(' ');
    return space < 0
      ? { first_name: fullName, last_name: '' }
      : { first_name: fullName.slice(0, space), last_name: fullName.slice(space + 1) };
  }

  private rewriteTimestamps(record: SandboxRecord): void {
    for (const field of TIMESTAMP_FIELDS) {
      const value = record[field];
      if (typeof value === 'string') {
        record[field] = naiveLocalToIso(value, this.timeZone);
      }
    }
  }
}

/** Undocumented custom fields, deterministic per record id. `tags` is an array, to test pass-through of non-strings. */
function customFields(recordId: string): SandboxRecord {
  const random = new Random(0xcf, Number(recordId) || 0);
  const tags = TAGS.filter(() => random.chance(0.2));

  return {
    franchise_territory: random.chance(0.3) ? '' : `T-${random.between(100, 999)}`,
    preferred_contact_time: random.pick(CONTACT_TIMES),
    tags,
  };
}

function replaceBlanksWithNull(record: SandboxRecord): void {
  for (const [field, value] of Object.entries(record)) {
    if (value === '') {
      record[field] = null;
    }
  }
}
