import type { MessageKey } from '../i18n/messages.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/**
 * A table's header row from message keys: every column labelled in the reader's language and scoped for screen
 * readers, written once instead of a `<th scope="col">` per column on every page.
 *
 * @example <table><ColumnHeads keys={['queue.col.position', 'queue.col.plate']} /><tbody>…</tbody></table>
 */
export function ColumnHeads({ keys }: { keys: readonly MessageKey[] }) {
  const { t } = useI18n();
  return (
    <thead>
      <tr>
        {keys.map((key) => <th key={key} scope="col">{t(key)}</th>)}
      </tr>
    </thead>
  );
}
