/**
 * The changes the demo makes to the sandbox between its two reads, and the comparison of the
 * changed clients with the clients that the incremental read emitted.
 */

import type { Sandbox, SandboxAccount } from './server';
import { ARCHIVED_CONTACT_TYPE } from './server';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Contact types (Prospect, Clients) whose sales cycle lists have more than one active cycle. */
const CHANGEABLE_CONTACT_TYPES = new Set(['1', '2']);

export type ChangeKind = 'modified' | 'created' | 'archived';

export interface ClientChange {
  /** The sandbox clock at the change, RFC 3339 in UTC as the connector writes times. */
  at: string;
  kind: ChangeKind;
  clientId: string;
  description: string;
}

/**
 * Changes five clients over a simulated afternoon: modifies three, creates one and archives one,
 * with the clock advanced between them. The clock ends one hour after the last change, so the
 * incremental read starts after every change.
 */
export function changeClients(sandbox: Sandbox): ClientChange[] {
  const account = sandbox.account();
  const [salesCycleTarget, userTarget, dealSizeTarget, archiveTarget] = pickClients(account, 4);
  const changes: ClientChange[] = [];

  sandbox.clock.advance(2 * HOUR_MS);
  changes.push(moveSalesCycle(sandbox, salesCycleTarget));

  sandbox.clock.advance(45 * MINUTE_MS);
  changes.push(reassignUser(sandbox, userTarget));
  changes.push(raiseDealSize(sandbox, dealSizeTarget));

  sandbox.clock.advance(30 * MINUTE_MS);
  changes.push(createClient(sandbox));
  changes.push(archiveClient(sandbox, archiveTarget));

  sandbox.clock.advance(HOUR_MS);
  return changes;
}

/** Picks `count` distinct Prospect or Clients records spread over the list, so changes land on different pages. */
function pickClients(account: SandboxAccount, count: number): string[] {
  const total = account.clientCount();
  const picked: string[] = [];

  for (let slot = 0; slot < count; slot++) {
    const start = Math.floor(((slot + 0.5) * total) / count);
    const clientId = findChangeableClient(account, start, picked);
    if (clientId === null) {
      throw new Error(`Found only ${picked.length} Prospect or Clients records to change, but the demo changes ${count}`);
    }
    picked.push(clientId);
  }

  return picked;
}

/** Returns the first Prospect or Clients record at or after offset `start`, wrapping around, that is not in `exclude`. */
function findChangeableClient(account: SandboxAccount, start: number, exclude: readonly string[]): string | null {
  const total = account.clientCount();

  for (let step = 0; step < total; step++) {
    const [row] = account.listClients((start + step) % total, 1);
    const clientId = String(row.client_id);
    if (CHANGEABLE_CONTACT_TYPES.has(String(row.contact_type)) && !exclude.includes(clientId)) {
      return clientId;
    }
  }

  return null;
}

function moveSalesCycle(sandbox: Sandbox, clientId: string): ClientChange {
  const account = sandbox.account();
  const contactType = String(requireClient(account, clientId).contact_type);

  return rotateField(sandbox, clientId, 'clients_sales_cycle', account.reference.activeSalesCycles(contactType));
}

function reassignUser(sandbox: Sandbox, clientId: string): ClientChange {
  return rotateField(sandbox, clientId, 'assigned_user', sandbox.account().reference.userNames);
}

/** Sets `field` of a client to the value after its current one in `values`, or to the first value when the current one is not listed. */
function rotateField(sandbox: Sandbox, clientId: string, field: string, values: readonly string[]): ClientChange {
  const account = sandbox.account();
  const before = String(requireClient(account, clientId)[field] ?? '');
  const after = values[(values.indexOf(before) + 1) % values.length];

  account.modifyClient(clientId, { [field]: after });
  return change(sandbox, 'modified', clientId, fieldChange(field, before, after));
}

function raiseDealSize(sandbox: Sandbox, clientId: string): ClientChange {
  const account = sandbox.account();
  const before = String(requireClient(account, clientId).deal_size ?? '');
  const after = ((Number(before) || 0) + 1250).toFixed(2);

  account.modifyClient(clientId, { deal_size: after });
  return change(sandbox, 'modified', clientId, fieldChange('deal_size', before, after));
}

function createClient(sandbox: Sandbox): ClientChange {
  const created = sandbox.account().createClient({
    firstName: 'Dana',
    lastName: 'Whitfield',
    compName: 'Whitfield Home Services',
    email: 'dana.whitfield@example.com',
    contact_type: '1',
    clients_sales_cycle: 'Inquiry',
    clients_lead_source: 'Website Form',
  });

  return change(sandbox, 'created', String(created.client_id), 'Dana Whitfield, a new Prospect from the Website Form');
}

function archiveClient(sandbox: Sandbox, clientId: string): ClientChange {
  const account = sandbox.account();
  const before = String(requireClient(account, clientId).contact_type);

  account.archiveClient(clientId);
  return change(sandbox, 'archived', clientId, fieldChange('contact_type', before, ARCHIVED_CONTACT_TYPE));
}

function requireClient(account: SandboxAccount, clientId: string): Record<string, unknown> {
  const client = account.getClient(clientId);

  if (client === undefined) {
    throw new Error(`Client ${clientId} not found in the sandbox`);
  }

  return client;
}

function change(sandbox: Sandbox, kind: ChangeKind, clientId: string, description: string): ClientChange {
  return { at: formatUtcSeconds(sandbox.clock.now()), kind, clientId, description };
}

function fieldChange(field: string, before: string, after: string): string {
  return `${field} ${JSON.stringify(before)} → ${JSON.stringify(after)}`;
}

/** Formats an instant as RFC 3339 in UTC without milliseconds, the connector's form for whole seconds. */
export function formatUtcSeconds(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The reason an emitted client, or one expected but missing, belongs in the incremental read. */
export type ComparisonReason = ChangeKind | 'at the cursor' | 'after the cursor' | 'no cursor value' | 'unexpected';

export interface ComparisonRow {
  clientId: string;
  reason: ComparisonReason;
  emitted: boolean;
  /** last_modified_date as emitted by the incremental read, or null when it was not emitted. */
  lastModified: string | null;
}

export interface ClientComparison {
  rows: ComparisonRow[];
  /** Changed clients and clients at the cursor that the read did not emit. */
  missing: string[];
  /** Emitted clients that neither changed nor sit at or after the input cursor. */
  unexpected: string[];
}

/**
 * Compares the incremental read's clients with what it should emit. That is every changed client
 * and every unchanged client of the first read whose last_modified_date is at or after the input
 * cursor, because the cursor is inclusive. Clients without a last_modified_date are expected too,
 * because the connector cannot compare them and emits them on every read.
 */
export function compareClients(
  changes: readonly ClientChange[],
  firstRead: ReadonlyMap<string, string | null>,
  incrementalRead: ReadonlyMap<string, string | null>,
  inputCursor: string | null,
): ClientComparison {
  const expected = new Map<string, ComparisonReason>(changes.map((item) => [item.clientId, item.kind]));

  for (const [clientId, lastModified] of firstRead) {
    const reason = unchangedReason(lastModified, inputCursor);
    if (!expected.has(clientId) && reason !== null) {
      expected.set(clientId, reason);
    }
  }

  const rows: ComparisonRow[] = [...expected].map(([clientId, reason]) => ({
    clientId,
    reason,
    emitted: incrementalRead.has(clientId),
    lastModified: incrementalRead.get(clientId) ?? null,
  }));
  const unexpected = [...incrementalRead.keys()].filter((clientId) => !expected.has(clientId));
  for (const clientId of unexpected) {
    rows.push({ clientId, reason: 'unexpected', emitted: true, lastModified: incrementalRead.get(clientId) ?? null });
  }

  return { rows, missing: rows.filter((row) => !row.emitted).map((row) => row.clientId), unexpected };
}

/** Returns why the incremental read emits an unchanged client again, or null when it should not. */
function unchangedReason(lastModified: string | null, inputCursor: string | null): ComparisonReason | null {
  if (lastModified === null) {
    return 'no cursor value';
  }
  if (inputCursor === null) {
    return 'after the cursor';
  }

  const difference = Date.parse(lastModified) - Date.parse(inputCursor);
  if (difference === 0) {
    return 'at the cursor';
  }
  return difference > 0 ? 'after the cursor' : null;
}
