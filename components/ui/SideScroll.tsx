'use client';

import { useEffect, useState } from 'react';

/**
 * A wide table's frame: it scrolls sideways inside its panel rather than widening the page, and
 * while it does, it is a named region a keyboard can focus and scroll (axe's
 * scrollable-region-focusable); a table that fits adds no tab stop.
 */
export function SideScroll({ label, children }: { label: string; children: React.ReactNode }) {
  const [frame, setFrame] = useState<HTMLDivElement | null>(null);
  const [scrolls, setScrolls] = useState(false);

  useEffect(() => {
    if (!frame) return;
    const measure = () => setScrolls(frame.scrollWidth > frame.clientWidth + 1);
    measure();
    // The frame narrows with the window; its table widens as rows arrive.
    const observer = new ResizeObserver(measure);
    observer.observe(frame);
    for (const child of frame.children) observer.observe(child);
    return () => observer.disconnect();
  }, [frame]);

  return (
    <div
      ref={setFrame}
      className="side-scroll"
      {...(scrolls ? { role: 'region', 'aria-label': label, tabIndex: 0 } : {})}
    >
      {children}
    </div>
  );
}
