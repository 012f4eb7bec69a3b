/** A ClientTether account of the sandbox: its time zone, reference lists, clients and opportunities. */

import { Clock } from './clock';
import { AccountOptions, DEFAULT_CLIENT_COUNT, DEFAULT_TIME_ZONE, validateCount } from './options';
import { RecordPresenter, RecordQuirks } from './presentation';
import { GenerationContext, SandboxRecord, generateClient, generateOpportunity } from './records';
import { RecordTable, TableDefinition } from './record-table';
import { ReferenceData } from './reference-data';
import { InsertPosition } from './row-order';
import { validateTimeZone } from './timestamps';

/** Id of generated client 0. Client i has id 1000000 + i. */
export const FIRST_CLIENT_ID = 1_000_000;
/** Id of generated opportunity 0. */
export const FIRST_OPPORTUNITY_ID = 50_000_000;

export interface SandboxAccount {
  webKey: string;
  timeZone: string;
  /** Users, sales cycles, lead sources and action plans that records refer to by name. */
  reference: ReferenceData;
  clients: RecordTable;
  opportunities: RecordTable;
  clientCount(): number;
  getClient(id: string): SandboxRecord | undefined;
  /** Returns the rows at offsets [offset, offset + limit) as the API serves them, before the server's page limit. */
  listClients(offset: number, limit: number): SandboxRecord[];
  createClient(fields?: SandboxRecord, position?: InsertPosition): SandboxRecord;
  modifyClient(id: string, fields?: SandboxRecord): SandboxRecord;
  archiveClient(id: string): SandboxRecord;
  deleteClient(id: string): void;
}

/** Settings that every account of one server shares. */
export interface AccountEnvironment {
  clock: Clock;
  /** Generated timestamps lie before this instant (ms). */
  anchorMs: number;
  quirks: RecordQuirks;
}

export function createAccount(options: AccountOptions, environment: AccountEnvironment): SandboxAccount {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const clientCount = validateCount('clients', options.clients ?? DEFAULT_CLIENT_COUNT);
  const opportunityCount = validateCount('opportunities', options.opportunities ?? Math.floor(clientCount / 4));
  const seed = options.seed ?? 1;

  validateWebKey(options.webKey);
  validateTimeZone(timeZone);

  const reference = new ReferenceData(seed);
  const context: GenerationContext = { seed, timeZone, reference, anchorMs: environment.anchorMs, clientCount };
  const presenter = new RecordPresenter(environment.quirks, reference, timeZone);

  const createTable = (definition: TableDefinition) =>
    new RecordTable(definition, environment.clock, timeZone, presenter);

  const clients = createTable({
    kind: 'Client',
    idField: 'client_id',
    firstId: FIRST_CLIENT_ID,
    generatedCount: clientCount,
    generate: (index, id) => generateClient(context, index, id),
  });
  const opportunities = createTable({
    kind: 'Opportunity',
    idField: 'opportunity_id',
    firstId: FIRST_OPPORTUNITY_ID,
    generatedCount: opportunityCount,
    generate: (index, id) => generateOpportunity(context, index, id),
  });

  return {
    webKey: options.webKey,
    timeZone,
    reference,
    clients,
    opportunities,
    clientCount: () => clients.count(),
    getClient: (id) => clients.get(id),
    listClients: (offset, limit) => clients.list(offset, limit),
    createClient: (fields, position) => clients.create(fields, position),
    modifyClient: (id, fields) => clients.modify(id, fields),
    archiveClient: (id) => clients.archive(id),
    deleteClient: (id) => clients.delete(id),
  };
}

function validateWebKey(webKey: string): void {
  if (typeof webKey !== 'string' || webKey.trim() === '') {
    throw new Error(`Invalid web key ${JSON.stringify(webKey)}: expected a non-empty string`);
  }
}
