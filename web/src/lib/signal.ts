// A minimal "something happened" broadcast: the console's stream tells the pages that follow it
// (the dashboard) without re-rendering the whole console on every frame.
export interface Signal {
  subscribe: (listener: () => void) => () => void;
  emit: () => void;
}

export function createSignal(): Signal {
  const listeners = new Set<() => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit() {
      for (const listener of [...listeners]) listener();
    },
  };
}
