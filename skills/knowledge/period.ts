/**
 * Time periods in "what did I do …": today, yesterday, this/last week (weeks start on Monday),
 * this/last month, the last N days, on <weekday>, since <weekday>. Local time; [from, to).
 */
export interface Period {
  from: Date;
  to: Date;
  label: string;
}

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate());
const addDays = (d: Date, n: number) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);
const NUMBERS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, fourteen: 14, thirty: 30 };

export function parsePeriod(raw: string | undefined, now: Date): Period | undefined {
  const text = (raw ?? '').toLowerCase().replace(/[?.!]+$/, '').trim();
  const today = startOfDay(now);
  const monday = addDays(today, -((today.getDay() + 6) % 7));
  if (text === '' ) return { from: addDays(today, -6), to: addDays(today, 1), label: 'in the last 7 days' };
  if (/^(today|so far today|this morning|this afternoon|tonight)$/.test(text)) return { from: today, to: addDays(today, 1), label: 'today' };
  if (text === 'yesterday') return { from: addDays(today, -1), to: today, label: 'yesterday' };
  if (/^this week$/.test(text)) return { from: monday, to: addDays(today, 1), label: 'this week' };
  if (/^last week$/.test(text)) return { from: addDays(monday, -7), to: monday, label: 'last week' };
  if (/^this month$/.test(text)) return { from: new Date(today.getFullYear(), today.getMonth(), 1), to: addDays(today, 1), label: 'this month' };
  if (/^last month$/.test(text)) return { from: new Date(today.getFullYear(), today.getMonth() - 1, 1), to: new Date(today.getFullYear(), today.getMonth(), 1), label: 'last month' };
  let m = /^(?:in )?(?:the )?(?:last|past) (\d+|\w+) days?$/.exec(text);
  if (m) {
    const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : NUMBERS[m[1]!];
    if (n && n > 0 && n <= 3660) return { from: addDays(today, -(n - 1)), to: addDays(today, 1), label: `in the last ${n} days` };
  }
  m = /^(on|since|last) (\w+)$/.exec(text);
  if (m && DAYS.includes(m[2]!)) {
    const back = (today.getDay() - DAYS.indexOf(m[2]!) + 7) % 7 || 7;
    const day = addDays(today, -back);
    return m[1] === 'since' ? { from: day, to: addDays(today, 1), label: `since ${m[2]}` } : { from: day, to: addDays(day, 1), label: `on ${m[2]![0]!.toUpperCase()}${m[2]!.slice(1)}` };
  }
  return undefined;
}
