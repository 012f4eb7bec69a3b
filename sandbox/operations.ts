/**
 * The read operations of the API, by name. Each turns a request into an ApiResult, which the
 * server wraps in the envelope.
 */

import { SandboxAccount } from './account';
import { ApiResult } from './envelope';
import { ResolvedQuirks } from './options';
import { PageWindow, isPageWindow, pageResult, parsePageWindow } from './paging';
import { RecordTable } from './record-table';
import { ReferenceRecord } from './reference-data';

export interface OperationRequest {
  account: SandboxAccount;
  /** The path segment after the operation name, such as the id of read_client_by_id/{id}. */
  pathArgument: string | undefined;
  rawOffset: string | null;
  rawLimit: string | null;
  quirks: ResolvedQuirks;
}

type Operation = (request: OperationRequest) => ApiResult;

const OPERATIONS: Readonly<Record<string, Operation>> = {
  read_client_list: (request) => readTable(request, request.account.clients),
  read_client_by_id: readClientById,
  read_opportunity_list: (request) => readTable(request, request.account.opportunities),
  read_user_list: (request) => readReferenceList(request, request.account.reference.users),
  read_sales_cycle_list: (request) => readReferenceList(request, request.account.reference.salesCycles),
  read_lead_source_list: (request) => readReferenceList(request, request.account.reference.leadSources),
  read_action_plan_list: readActionPlans,
};

export const OPERATION_NAMES: readonly string[] = Object.keys(OPERATIONS);

export function runOperation(name: string, request: OperationRequest): ApiResult {
  const operation = OPERATIONS[name];

  if (operation === undefined) {
    return { kind: 'error', code: 'CT404', message: `Request not found: unknown operation ${JSON.stringify(name)}` };
  }

  return operation(request);
}

function readTable(request: OperationRequest, table: RecordTable): ApiResult {
  const window = parsePageWindow(request.rawOffset, request.rawLimit, request.quirks);
  if (!isPageWindow(window)) {
    return window;
  }

  return pageResult(table.count(), window, (offset, limit) => table.list(offset, limit));
}

function readClientById(request: OperationRequest): ApiResult {
  const id = request.pathArgument ?? '';

  if (id === '') {
    return { kind: 'error', code: 'CT400', message: 'Missing client id: expected read_client_by_id/{client_id}' };
  }

  const client = request.account.getClient(id);
  return client === undefined ? { kind: 'no-record', total: 0 } : { kind: 'data', data: [client], total: 1 };
}

function readReferenceList(request: OperationRequest, rows: readonly ReferenceRecord[]): ApiResult {
  const window = referenceWindow(request, rows.length);
  if (!isPageWindow(window)) {
    return window;
  }

  return pageResult(rows.length, window, (offset, limit) => rows.slice(offset, offset + limit));
}

/**
 * Serves action plans as a list of groups, each a list of plans. Paging counts plans, not
 * groups, and a group cut by the page boundary appears partly on each page.
 * NOTE: how the live API pages this grouped list is unknown. Counting plans is an assumption.
 */
function readActionPlans(request: OperationRequest): ApiResult {
  const plans = request.account.reference.actionPlanGroups.flatMap((group, groupIndex) =>
    group.map((plan) => ({ plan, groupIndex })),
  );
  const window = referenceWindow(request, plans.length);
  if (!isPageWindow(window)) {
    return window;
  }

  return pageResult(plans.length, window, (offset, limit) => {
    const groups = new Map<number, ReferenceRecord[]>();
    for (const { plan, groupIndex } of plans.slice(offset, offset + limit)) {
      groups.set(groupIndex, [...(groups.get(groupIndex) ?? []), plan]);
    }
    return [...groups.values()];
  });
}

/** Returns the page window of a reference list. With the quirk it is the whole list, whatever the query requests. */
function referenceWindow(request: OperationRequest, total: number): PageWindow | ApiResult {
  if (request.quirks.referenceListsIgnorePaging) {
    return { offset: 0, limit: Math.max(total, 1) };
  }

  return parsePageWindow(request.rawOffset, request.rawLimit, request.quirks);
}
