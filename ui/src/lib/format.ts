import type { Contact } from '../api/types';

/** "+17605551234" -> "(760) 555-1234"; other countries: "+44 20 7946 0958" left readable. */
export function formatPhone(phone: string | undefined | null): string {
  if (!phone) return '';
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(phone);
  if (m) return `(${m[1]}) ${m[2]}-${m[3]}`;
  return phone;
}

export function fullName(c: Pick<Contact, 'firstName' | 'lastName'> | null | undefined): string {
  if (!c) return '';
  return [c.firstName, c.lastName].filter(Boolean).join(' ').trim();
}

export function initials(name: string): string {
  const parts = name.split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '#';
  const first = Array.from(parts[0])[0] ?? '';
  const last = parts.length > 1 ? Array.from(parts[parts.length - 1])[0] ?? '' : '';
  return (first + last).toUpperCase() || '#';
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

export function parseTime(iso: string | undefined | null): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Conversation list time: "14:05" today, "Yesterday", weekday within a week, else a date. */
export function listTime(iso: string | undefined | null, now: Date = new Date()): string {
  const d = parseTime(iso);
  if (!d) return '';
  if (sameDay(d, now)) return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const y = new Date(now);
  y.setDate(now.getDate() - 1);
  if (sameDay(d, y)) return 'Yesterday';
  if (now.getTime() - d.getTime() < 6 * 86400_000) return d.toLocaleDateString([], { weekday: 'short' });
  return d.toLocaleDateString([], { year: '2-digit', month: 'numeric', day: 'numeric' });
}

export function clockTime(iso: string | undefined | null): string {
  const d = parseTime(iso);
  return d ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
}

/** Day separator in a thread: "Today", "Yesterday" or a full date. */
export function dayLabel(iso: string | undefined | null, now: Date = new Date()): string {
  const d = parseTime(iso);
  if (!d) return '';
  if (sameDay(d, now)) return 'Today';
  const y = new Date(now);
  y.setDate(now.getDate() - 1);
  if (sameDay(d, y)) return 'Yesterday';
  return d.toLocaleDateString([], { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
}

export function dateTime(iso: string | undefined | null): string {
  const d = parseTime(iso);
  return d ? d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

/** A calendar date: "Mar 4, 2026". */
export function dateOnly(iso: string | undefined | null): string {
  const d = parseTime(iso);
  return d ? d.toLocaleDateString([], { year: 'numeric', month: 'short', day: 'numeric' }) : '';
}

export function statusLabel(s: string | undefined): string {
  if (!s) return '';
  return s.charAt(0).toUpperCase() + s.slice(1).replace(/_/g, ' ');
}

/** Comma-separated text -> trimmed, de-duplicated, non-empty items. */
export function splitList(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(',')) {
    const t = part.trim();
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}
