import { useLayoutEffect, useRef, useState } from 'react';

/**
 * The thread's scrolling: it follows the newest message unless the agent has scrolled up to
 * read (then "New messages" offers the jump), and earlier messages put above keep what the
 * agent was reading in place. Runs after every change of `content`.
 */
export function useThreadScroll(content: readonly unknown[]) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const forceScroll = useRef(true);
  const keepScrollFrom = useRef<{ height: number; top: number } | null>(null);
  const [showJump, setShowJump] = useState(false);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    if (keepScrollFrom.current) {
      // Earlier messages were added above: keep what the agent was reading in place.
      el.scrollTop = keepScrollFrom.current.top + (el.scrollHeight - keepScrollFrom.current.height);
      keepScrollFrom.current = null;
      return;
    }
    if (forceScroll.current || atBottom.current) {
      el.scrollTop = el.scrollHeight;
      forceScroll.current = false;
      setShowJump(false);
    } else {
      setShowJump(true);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, content);

  function onScroll() {
    const el = scrollRef.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
    if (atBottom.current) setShowJump(false);
  }

  function jumpToEnd() {
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
    atBottom.current = true;
    setShowJump(false);
  }

  /** The next change scrolls to the newest message wherever the agent was. */
  function scrollToEndNext() {
    forceScroll.current = true;
  }

  /** Called just before earlier messages are put above: the next change keeps the reading position. */
  function keepPosition() {
    const el = scrollRef.current;
    if (el) keepScrollFrom.current = { height: el.scrollHeight, top: el.scrollTop };
  }

  return { scrollRef, onScroll, showJump, jumpToEnd, scrollToEndNext, keepPosition };
}
