// The agenda's keep-in-touch items: connections with a cadence, no follow-up planned, and no
// contact for longer than their cadence (last contact: the latest completed follow-up, or the
// connection's creation if none), most overdue first. One aggregation (see keepInTouchDue).
import type { UserRepositories } from '../repositories/index.js';
import { formatDate } from '../domain/dates.js';
import type { AgendaItem } from './agenda-service.js';

const DAY_MS = 24 * 3600 * 1000;

export async function keepInTouchItems(data: UserRepositories, now: Date): Promise<AgendaItem[]> {
  const rows = await data.connections.keepInTouchDue(now);
  // The contacts in one query (cheaper than a $lookup per connection on the embedded engine).
  const contacts = await data.contacts.findByIds([
    ...new Map(rows.map((row) => [row.contactId.toHexString(), row.contactId])).values(),
  ]);
  const byId = new Map(contacts.map((contact) => [contact._id.toHexString(), contact]));
  return rows.map((row) => {
    const connectionId = row._id.toHexString();
    const contact = byId.get(row.contactId.toHexString());
    const who = contact
      ? `${contact.name}${contact.company ? ` (${contact.company})` : ''}`
      : '(removed contact)';
    const days = Math.floor((now.getTime() - row.lastContactAt.getTime()) / DAY_MS);
    return {
      kind: 'keep-in-touch',
      due: row.dueAt,
      overdue: true,
      dueToday: false,
      what: `${who}: no contact for ${days} days, cadence ${row.cadenceDays}`,
      detail: `last contact ${formatDate(row.lastContactAt)}, due ${formatDate(row.dueAt)}`,
      id: connectionId,
      refs: { connectionId },
      command: `career connect followup add ${connectionId} --due today --type check-in`,
    } satisfies AgendaItem;
  });
}
