/**
 * A modal dialog: focus moves into it, Tab stays inside, Escape closes, focus returns to where
 * it was. Used for lane actions; any feature may use it.
 */
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';

export function Modal({ title, onClose, children, testId }: { title: string; onClose(): void; children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  // Where focus was when the dialog opened, read during the first render: by the time an effect
  // runs, a child's autoFocus has already moved focus into the dialog, and focus would "return"
  // to a control that is about to be removed (then to <body>, 22-24 Tab presses from the lane).
  const [opener] = useState(() => document.activeElement as HTMLElement | null);
  // A layout effect, not an effect: focus must be inside the dialog before the browser handles
  // another key. With a passive effect, a fast typist's "back from lunch" reached the lane card
  // behind the dialog ('c' opened another action, 'p' a pause) in the gap before focus moved.
  useLayoutEffect(() => {
    const box = ref.current;
    if (!box?.contains(document.activeElement)) box?.querySelector<HTMLElement>('[autofocus], input, textarea, select, button')?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, [opener]);
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key !== 'Tab' || !ref.current) return;
    const focusable = [...ref.current.querySelectorAll<HTMLElement>('input, textarea, select, button, [tabindex]:not([tabindex="-1"])')].filter(
      (el) => !el.hasAttribute('disabled'),
    );
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal card" role="dialog" aria-modal="true" aria-labelledby="modal-title" ref={ref} onKeyDown={onKeyDown} data-testid={testId}>
        <h2 id="modal-title">{title}</h2>
        {children}
      </div>
    </div>
  );
}
