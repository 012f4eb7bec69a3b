import type { SyncMode } from '../generated/protocol';
import actionPlans from '../../schemas/action_plans.json';
import clients from '../../schemas/clients.json';
import leadSources from '../../schemas/lead_sources.json';
import opportunities from '../../schemas/opportunities.json';
import salesCycles from '../../schemas/sales_cycles.json';
import users from '../../schemas/users.json';

export type JsonSchema = Record<string, unknown> & { properties: Record<string, Record<string, unknown>> };

/**
 * Everything that makes one stream: the operation it reads, its schema, its primary key and its
 * cursor. Paging, retries, state and statuses are the same for every stream and live elsewhere.
 */
export interface StreamDeclaration {
  name: string;
  operation: string;
  schema: JsonSchema;
  primaryKey: string;
  /** Field whose value orders changes; a stream with one supports incremental sync. */
  cursorField?: string;
  /** Reference lists may ignore limit and offset; a first page that comes back again then ends the list. */
  offsetMayBeIgnored?: boolean;
  /** Turns the API's `data` array into list rows, one per record; default: the array itself. */
  rowsOf?: (items: unknown[]) => unknown[];
}

/**
 * `read_action_plan_list` returns `data` as a list of groups, each a list of plans. Each plan
 * becomes a row that keeps the position of its group, and offsets count plans, as TotalRecord does.
 */
// NOTE: whether the live API counts offset and TotalRecord in plans or in groups is not documented.
// The group position is exact while the list fits one page (100 plans), and per page beyond that.
function actionPlansOf(groups: unknown[]): unknown[] {
  return groups.flatMap((group, groupIndex) =>
    (Array.isArray(group) ? group : [group]).map((plan) =>
      typeof plan === 'object' && plan !== null ? { ...(plan as Record<string, unknown>), action_plan_group: groupIndex } : plan,
    ),
  );
}

export const STREAMS: readonly StreamDeclaration[] = [
  {
    name: 'clients',
    operation: 'read_client_list',
    schema: clients as JsonSchema,
    primaryKey: 'client_id',
    cursorField: 'last_modified_date',
  },
  {
    name: 'opportunities',
    operation: 'read_opportunity_list',
    schema: opportunities as JsonSchema,
    primaryKey: 'opportunity_id',
    cursorField: 'last_modified_date',
  },
  { name: 'users', operation: 'read_user_list', schema: users as JsonSchema, primaryKey: 'user_id', offsetMayBeIgnored: true },
  {
    name: 'sales_cycles',
    operation: 'read_sales_cycle_list',
    schema: salesCycles as JsonSchema,
    primaryKey: 'sales_cycle_id',
    offsetMayBeIgnored: true,
  },
  {
    name: 'lead_sources',
    operation: 'read_lead_source_list',
    schema: leadSources as JsonSchema,
    primaryKey: 'lead_source_id',
    offsetMayBeIgnored: true,
  },
  {
    name: 'action_plans',
    operation: 'read_action_plan_list',
    schema: actionPlans as JsonSchema,
    primaryKey: 'action_plan_id',
    offsetMayBeIgnored: true,
    rowsOf: actionPlansOf,
  },
];

export function findStream(name: string): StreamDeclaration | undefined {
  return STREAMS.find((stream) => stream.name === name);
}

export function supportedSyncModes(stream: StreamDeclaration): [SyncMode, ...SyncMode[]] {
  return stream.cursorField ? ['full_refresh', 'incremental'] : ['full_refresh'];
}
