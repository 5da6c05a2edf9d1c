// Offers: the "Offer" section of `career apply show` (nothing when there is no offer).
import type { ApplicationDocument } from '../../services/application-service.js';
import { formatAmount, formatPay } from '../../ui/amounts.js';
import type { Field, Printer } from '../../ui/output.js';
import { formatDate } from '../../ui/status-colours.js';

export function printOffer(out: Printer, application: ApplicationDocument): void {
  const offer = application.offer;
  if (!offer) return;
  const fields: Field[] = [['Base', formatPay(offer.base, offer.currency, offer.period)]];
  if (offer.bonus != null) fields.push(['Bonus', `${formatAmount(offer.bonus)} ${offer.currency}`]);
  if (offer.equity) fields.push(['Equity', offer.equity]);
  if (offer.equityValue != null) {
    fields.push(['Equity value', `${formatAmount(offer.equityValue)} ${offer.currency}/year`]);
  }
  if (offer.benefits) fields.push(['Benefits', offer.benefits]);
  if (offer.deadline) fields.push(['Deadline', formatDate(offer.deadline)]);
  if (offer.notes) fields.push(['Notes', offer.notes]);
  out.printLine();
  out.printHeading('Offer');
  out.printFields(fields);
}
