/**
 * Words for the statistics' figures, shared by the screen and the printed daily report so
 * that both say the same thing.
 */

/** A duration as the counter reads it: 45秒, 12分05秒, 1小时03分; an em dash when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  const whole = Math.max(0, Math.round(seconds));
  const pad = (value: number) => String(value).padStart(2, '0');
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  if (hours > 0) return `${hours}小时${pad(minutes)}分`;
  if (minutes > 0) return `${minutes}分${pad(rest)}秒`;
  return `${rest}秒`;
}

/** A plain date (YYYY-MM-DD) as 2026年11月24日. */
export function formatDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return `${year}年${month}月${date}日`;
}
