/**
 * A table wider or taller than its box scrolls inside it. The box is a named, focusable region so
 * a keyboard user can reach it and scroll with the arrow keys (WCAG 2.1.1); a plain overflow box
 * holding no focusable control cannot be scrolled without a mouse.
 */
import type { ReactNode } from 'react';

export function TableScroll({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <div className={className ? `table-scroll ${className}` : 'table-scroll'} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
