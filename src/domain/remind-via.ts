// How reminders are delivered: `auto` (a desktop notification when one can be shown, else
// stdout), `desktop` (a notification, or an error) or `stdout`. The `remind.via` setting and
// the command's own choice take these.
export const REMIND_VIAS = ['auto', 'desktop', 'stdout'] as const;
export type RemindVia = (typeof REMIND_VIAS)[number];
