// How the digest looks: as lines (at a terminal, in a pipe, and as the text part of the mail)
// and as the HTML part of the mail. The shapes are declared here structurally, as the
// agenda's are (agenda-view.ts), so the ui layer needs nothing from services. Everything
// from data is escaped: for a terminal by printable.ts, for HTML by escapeHtml (a job title
// holding `<script>` is shown as text in a mail client).
import type { ChalkInstance } from 'chalk';
import { formatAmount } from './amounts.js';
import { agendaLines, weekProgressText, type AgendaLine, type WeekLine } from './agenda-view.js';
import { paint, safe, TerminalText } from './printable.js';
import { formatDate } from './status-colours.js';

export interface DigestApplicationLine {
  id: string;
  title: string;
  company: string;
  status: string;
  applicationDate?: Date;
}

export interface DigestOfferLine {
  applicationId: string;
  title: string;
  company: string;
  base: number;
  currency: string;
  period: string;
  deadline?: Date;
  daysLeft?: number;
}

export interface DigestView {
  generatedAt: Date;
  since: Date;
  name: string;
  week: WeekLine;
  agenda: readonly AgendaLine[];
  newApplications: readonly DigestApplicationLine[];
  stalled: readonly AgendaLine[];
  offers: readonly DigestOfferLine[];
}

function plural(count: number, one: string): string {
  return `${count} ${one}${count === 1 ? '' : 's'}`;
}

/** "Your week in career: 2026-11-25 to 2026-12-02". */
export function digestSubject(digest: DigestView): string {
  return `Your week in career: ${formatDate(digest.since)} to ${formatDate(digest.generatedAt)}`;
}

function job(title: string, company: string): string {
  return company === '' ? title : `${title} at ${company}`;
}

function answerBy(offer: DigestOfferLine): string {
  if (offer.deadline === undefined || offer.daysLeft === undefined) return 'no deadline';
  const day = formatDate(offer.deadline);
  if (offer.daysLeft < 0) return `deadline ${day} passed ${plural(-offer.daysLeft, 'day')} ago`;
  if (offer.daysLeft === 0) return `answer today (${day})`;
  return `answer within ${plural(offer.daysLeft, 'day')} (by ${day})`;
}

function pay(offer: DigestOfferLine): string {
  return `${formatAmount(offer.base)} ${offer.currency} a ${offer.period}`;
}

/** The digest as lines: the week's progress, then one section each, "none" when empty. */
export function digestLines(
  digest: DigestView,
  colours: ChalkInstance,
  width?: number,
): TerminalText[] {
  const lines: TerminalText[] = [];
  const heading = (title: string): void => {
    lines.push(new TerminalText(''));
    lines.push(paint(colours.bold, title));
  };
  const none = (): void => {
    lines.push(paint(colours.dim, '  none'));
  };
  lines.push(paint(colours.bold, digestSubject(digest)));
  lines.push(safe`For ${digest.name}`);
  heading('This week');
  lines.push(safe`  ${weekProgressText(digest.week, colours)}`);
  heading('Agenda (the next 7 days)');
  if (digest.agenda.length === 0) none();
  else
    for (const line of agendaLines(digest.agenda, 'Coming up', colours, width))
      lines.push(line.text === '' ? line : new TerminalText(`  ${line.text}`));
  heading(`Applications sent since ${formatDate(digest.since)} (${digest.newApplications.length})`);
  if (digest.newApplications.length === 0) none();
  for (const application of digest.newApplications) {
    lines.push(
      safe`  ${formatDate(application.applicationDate)}  ${job(application.title, application.company)}  (${application.status})`,
    );
  }
  heading(`Stalled applications (${digest.stalled.length})`);
  if (digest.stalled.length === 0) none();
  for (const item of digest.stalled) {
    lines.push(safe`  ${item.what}`);
    lines.push(safe`    ${paint(colours.dim, '→')} ${item.command}`);
  }
  heading(`Offers and deadlines (${digest.offers.length})`);
  if (digest.offers.length === 0) none();
  for (const offer of digest.offers) {
    const late = offer.daysLeft !== undefined && offer.daysLeft <= 2;
    const when = answerBy(offer);
    lines.push(
      safe`  ${job(offer.title, offer.company)}: ${pay(offer)}, ${late ? paint(colours.yellow, when) : when}`,
    );
  }
  return lines;
}

/** The digest's text as the mail's text part (no colour, data escaped as for a terminal). */
export function digestText(digest: DigestView, colours: ChalkInstance): string {
  return `${digestLines(digest, colours)
    .map((line) => line.toString())
    .join('\n')}\n`;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe inside HTML elements and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/** A template whose values are escaped: html`<b>${name}</b>`. Values of type Html are kept. */
class Html {
  constructor(readonly markup: string) {}
}

function html(
  strings: TemplateStringsArray,
  ...values: ReadonlyArray<string | number | Html>
): Html {
  let markup = strings[0] ?? '';
  values.forEach((value, index) => {
    markup +=
      (value instanceof Html ? value.markup : escapeHtml(String(value))) +
      (strings[index + 1] ?? '');
  });
  return new Html(markup);
}

function joinHtml(parts: readonly Html[]): Html {
  return new Html(parts.map((part) => part.markup).join(''));
}

function list(items: readonly Html[]): Html {
  if (items.length === 0) return html`<p style="color:#777">none</p>`;
  return html`<ul>
    ${joinHtml(items.map((item) => html`<li>${item}</li>`))}
  </ul>`;
}

function progressHtml(label: string, progress: WeekLine['applications']): Html {
  if (progress.perWeek === 0) return html`${label}: ${progress.done} (no target)`;
  const reached = progress.done >= progress.perWeek;
  return html`${label}: <b>${progress.done}</b> of
    ${progress.perWeek}${reached ? html` <span style="color:#2a7">(reached)</span>` : html``}`;
}

function agendaItemHtml(item: AgendaLine): Html {
  const when = formatDate(item.due, item.kind === 'interview' || item.kind === 'follow-up');
  const flag = item.overdue
    ? html` <b style="color:#c22">overdue</b>`
    : item.dueToday
      ? html` <b style="color:#b80">today</b>`
      : html``;
  const detail = item.detail ? html`<br /><small>${item.detail}</small>` : html``;
  return html`${when}${flag} ${item.kind}: ${item.what}${detail}<br /><code>${item.command}</code>`;
}

/** The digest as a small HTML document (inline styles only: mail clients drop style sheets). */
export function digestHtml(digest: DigestView): string {
  const body = html`<h1 style="font-size:1.3em">${digestSubject(digest)}</h1>
    <p>For ${digest.name}</p>
    <h2 style="font-size:1.1em">This week</h2>
    ${list([progressHtml('Applications', digest.week.applications), progressHtml('Follow-ups', digest.week.followUps)])}
    <h2 style="font-size:1.1em">Agenda (the next 7 days)</h2>
    ${list(digest.agenda.map(agendaItemHtml))}
    <h2 style="font-size:1.1em">
      Applications sent since ${formatDate(digest.since)} (${digest.newApplications.length})
    </h2>
    ${list(digest.newApplications.map((application) => html`${formatDate(application.applicationDate)} ${job(application.title, application.company)} (${application.status})`))}
    <h2 style="font-size:1.1em">Stalled applications (${digest.stalled.length})</h2>
    ${list(digest.stalled.map((item) => html`${item.what}<br /><code>${item.command}</code>`))}
    <h2 style="font-size:1.1em">Offers and deadlines (${digest.offers.length})</h2>
    ${list(digest.offers.map((offer) => html`${job(offer.title, offer.company)}: ${pay(offer)}, ${answerBy(offer)}`))}`;
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(digestSubject(digest))}</title></head>\n<body style="font-family:sans-serif;line-height:1.4">\n${body.markup}\n</body></html>\n`;
}
