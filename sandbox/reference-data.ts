/**
 * The small lists of an account (users, sales cycles, lead sources, action plans) that client and
 * opportunity records refer to by name. Users depend on the seed, and the other lists are fixed.
 */

import { Random } from './random';
import { FIRST_NAMES, LAST_NAMES } from './vocabulary';
import { emailAddress } from './contact-details';

/** ClientTether's contact types, by the number that `contact_type` carries. */
export const CONTACT_TYPES: ReadonlyArray<{ number: string; name: string }> = [
  { number: '1', name: 'Prospect' },
  { number: '2', name: 'Clients' },
  { number: '3', name: 'Employees' },
  { number: '4', name: 'Partners' },
  { number: '5', name: 'Vendors' },
  { number: '6', name: 'Others' },
  { number: '7', name: 'Moved' },
  { number: '8', name: 'Archived' },
];

/** The contact type a deleted contact moves to before it disappears. */
export const ARCHIVED_CONTACT_TYPE = '8';

export type ReferenceRecord = Record<string, string>;

/** Sales cycle names per contact type number. Names ending in '*' are inactive. */
const SALES_CYCLE_NAMES: Readonly<Record<string, readonly string[]>> = {
  '1': ['Inquiry', 'Contacted', 'Appointment Set', 'Proposal Sent', 'Negotiation', 'Cold Lead*'],
  '2': ['Onboarding', 'Active Client', 'Renewal Due', 'At Risk'],
  '3': ['Applicant', 'Interview Scheduled', 'Hired'],
  '4': ['Partner Prospect', 'Active Partner'],
  '5': ['Vendor Onboarding', 'Approved Vendor'],
  '6': ['Other'],
  '7': ['Moved Away'],
  '8': ['Archived'],
};

const LEAD_SOURCE_NAMES: readonly string[] = [
  'Website Form', 'Facebook Ad', 'Google Ads', 'Referral', 'Walk-in', 'Phone Call', 'Yelp', 'Trade Show',
  'Franchise Portal', 'Direct Mail', 'Instagram', 'Angi', 'Nextdoor', 'Événement local',
];

/** Action plan names, grouped as the action plan list returns them. */
const ACTION_PLAN_GROUPS: ReadonlyArray<readonly string[]> = [
  ['New Lead Nurture', 'Appointment Reminder', 'No-Show Follow-up', 'Web Lead – 5 Touch'],
  ['Client Welcome Series', 'Review Request', 'Renewal Reminder'],
  ['Re-engagement', 'Holiday Promotion', 'Win-back 90 Days'],
];

const USER_COUNT = 8;

export class ReferenceData {
  readonly users: readonly ReferenceRecord[];
  readonly salesCycles: readonly ReferenceRecord[] = buildSalesCycles();
  readonly leadSources: readonly ReferenceRecord[] = LEAD_SOURCE_NAMES.map((name, index) => ({
    lead_source_id: String(501 + index),
    lead_source_name: name,
  }));
  readonly actionPlanGroups: ReadonlyArray<readonly ReferenceRecord[]> = buildActionPlanGroups();
  readonly actionPlanNames: readonly string[] = ACTION_PLAN_GROUPS.flat();
  readonly leadSourceNames: readonly string[] = LEAD_SOURCE_NAMES;
  /** Full names ("First Last") of the users, as `assigned_user` carries them. */
  readonly userNames: readonly string[];
  private readonly activeCyclesByType = new Map<string, string[]>();

  constructor(seed: number) {
    this.users = buildUsers(seed);
    this.userNames = this.users.map((user) => `${user.user_first_name} ${user.user_last_name}`);

    for (const cycle of this.salesCycles) {
      if (cycle.sales_cycle_active_status === '1') {
        const names = this.activeCyclesByType.get(cycle.contact_type) ?? [];
        names.push(cycle.sales_cycle_name);
        this.activeCyclesByType.set(cycle.contact_type, names);
      }
    }
  }

  /** Returns the names of the active sales cycles of one contact type. */
  activeSalesCycles(contactType: string): readonly string[] {
    return this.activeCyclesByType.get(contactType) ?? [];
  }
}

function buildSalesCycles(): ReferenceRecord[] {
  const cycles: ReferenceRecord[] = [];

  for (const type of CONTACT_TYPES) {
    const names = SALES_CYCLE_NAMES[type.number];

    names.forEach((rawName, index) => {
      const inactive = rawName.endsWith('*');
      cycles.push({
        sales_cycle_id: String(3001 + cycles.length),
        sales_cycle_name: inactive ? rawName.slice(0, -1) : rawName,
        sales_cycle_active_status: inactive ? '0' : '1',
        sales_cycle_order: String(index + 1),
        likelihood_to_close: inactive ? '0' : String(Math.round(((index + 1) / names.length) * 100)),
        contact_type: type.number,
        contact_type_name: type.name,
      });
    });
  }

  return cycles;
}

function buildActionPlanGroups(): ReferenceRecord[][] {
  let nextId = 901;

  return ACTION_PLAN_GROUPS.map((group) =>
    group.map((name) => ({ action_plan_id: String(nextId++), action_plan_name: name })),
  );
}

function buildUsers(seed: number): ReferenceRecord[] {
  const random = new Random(seed, 0x05e5);
  const users: ReferenceRecord[] = [];

  while (users.length < USER_COUNT) {
    const firstName = random.pick(FIRST_NAMES);
    const lastName = random.pick(LAST_NAMES);
    const duplicate = users.some((user) => user.user_first_name === firstName && user.user_last_name === lastName);

    if (!duplicate) {
      const userId = String(701 + users.length);
      users.push({
        user_id: userId,
        user_first_name: firstName,
        user_last_name: lastName,
        user_email: emailAddress(firstName, lastName, `user${userId}`, 'example.com'),
      });
    }
  }

  return users;
}
