/**
 * Generation of client and opportunity records. Record `index` depends only on the seed, the
 * index and the account's settings, so any page can be built without the records before it.
 */

import { ARCHIVED_CONTACT_TYPE, ReferenceData } from './reference-data';
import { Random } from './random';
import { formatNaiveLocal, ZERO_DATE } from './timestamps';
import { FIRST_NAMES, LAST_NAMES } from './vocabulary';
import { randomAddress, randomCompany, randomDealSize, randomEmail, randomPhone } from './contact-details';

export type SandboxRecord = Record<string, unknown>;

/** Account settings that record generation reads. */
export interface GenerationContext {
  seed: number;
  timeZone: string;
  reference: ReferenceData;
  /** Generated times lie before this instant (ms), the sandbox clock's start. */
  anchorMs: number;
  clientCount: number;
}

/** Generated records span this many years before the anchor. */
const HISTORY_YEARS = 5;
const YEAR_MS = 365.25 * 24 * 3600 * 1000;

/** Salts that keep the random streams of clients and opportunities apart. */
const CLIENT_STREAM = 0xc1;
const OPPORTUNITY_STREAM = 0x0b;

const CONTACT_TYPE_WEIGHTS = { '1': 55, '2': 24, '3': 3, '4': 3, '5': 2, '6': 4, '7': 2, [ARCHIVED_CONTACT_TYPE]: 7 };

export function generateClient(context: GenerationContext, index: number, clientId: string): SandboxRecord {
  const random = new Random(context.seed, CLIENT_STREAM, index);
  const firstName = random.chance(0.02) ? '' : random.pick(FIRST_NAMES);
  const lastName = random.chance(0.04) ? '' : random.pick(LAST_NAMES);
  const location = randomAddress(random);
  const contactType = random.weighted(CONTACT_TYPE_WEIGHTS);

  return {
    client_id: clientId,
    external_id: random.chance(0.6) ? '' : randomExternalId(random),
    firstName,
    lastName,
    compName: randomCompany(random),
    email: randomEmail(random, firstName, lastName, clientId),
    phone: randomPhone(random, location.place),
    address: location.address,
    city: location.city,
    state: location.state,
    zip: location.zip,
    clients_lead_source: random.chance(0.1) ? '' : random.pick(context.reference.leadSourceNames),
    clients_sales_cycle: randomSalesCycle(random, context.reference, contactType),
    clients_action_plan: random.chance(0.4) ? '' : random.pick(context.reference.actionPlanNames),
    deal_size: randomDealSize(random),
    contact_type: contactType,
    assigned_user: random.chance(0.1) ? '' : random.pick(context.reference.userNames),
    ...randomTimestamps(random, context),
  };
}

/** Generates an opportunity whose contact names and company come from a generated client. */
export function generateOpportunity(context: GenerationContext, index: number, opportunityId: string): SandboxRecord {
  const random = new Random(context.seed, OPPORTUNITY_STREAM, index);
  const contact = contactForOpportunity(context, random);
  const contactType = random.weighted({ '1': 70, '2': 25, [ARCHIVED_CONTACT_TYPE]: 5 });

  return {
    opportunity_id: opportunityId,
    firstName: contact.firstName,
    lastName: contact.lastName,
    compName: contact.compName,
    contact_sales_cycle: randomSalesCycle(random, context.reference, contactType),
    contact_lead_source: random.chance(0.1) ? '' : random.pick(context.reference.leadSourceNames),
    contact_action_plan: random.chance(0.5) ? '' : random.pick(context.reference.actionPlanNames),
    deal_size: randomDealSize(random),
    contact_type: contactType,
    assigned_user: random.chance(0.1) ? '' : random.pick(context.reference.userNames),
    ...randomTimestamps(random, context),
  };
}

function contactForOpportunity(context: GenerationContext, random: Random): SandboxRecord {
  if (context.clientCount === 0) {
    return { firstName: random.pick(FIRST_NAMES), lastName: random.pick(LAST_NAMES), compName: randomCompany(random) };
  }

  const clientIndex = random.integer(context.clientCount);
  return generateClient(context, clientIndex, '');
}

function randomExternalId(random: Random): string {
  return random.chance(0.5) ? `HS-${random.between(100000, 999999)}` : String(random.between(10000, 99999999));
}

/** A blank sales cycle means "New Lead", so a share of prospects carry none. */
function randomSalesCycle(random: Random, reference: ReferenceData, contactType: string): string {
  const names = reference.activeSalesCycles(contactType);

  if (names.length === 0 || (contactType === '1' && random.chance(0.2))) {
    return '';
  }

  return random.pick(names);
}

/**
 * Returns `created` and `last_modified_date`, spread over the years before the anchor with
 * last modification at or after creation. A few records have a zero or empty `created`.
 */
function randomTimestamps(random: Random, context: GenerationContext): { created: string; last_modified_date: string } {
  const createdMs = context.anchorMs - Math.floor(random.next() * HISTORY_YEARS * YEAR_MS);
  const neverModified = random.chance(0.35);
  const modifiedMs = neverModified ? createdMs : createdMs + Math.floor(random.next() * (context.anchorMs - createdMs));
  const createdForm = random.weighted({ time: 975, zero: 15, empty: 10 });

  // Whole seconds, because the API's format has no fractions.
  const created = formatNaiveLocal(Math.floor(createdMs / 1000) * 1000, context.timeZone);
  const lastModified = formatNaiveLocal(Math.floor(modifiedMs / 1000) * 1000, context.timeZone);

  const createdValues = { time: created, zero: ZERO_DATE, empty: '' };
  return { created: createdValues[createdForm], last_modified_date: lastModified };
}
