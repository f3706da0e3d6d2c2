/** The "open in CLI" box: the equivalent `actlab` command(s), or why there is none. */
import type { CliLine } from '../state/cli-line.js';

export function CliBox(props: { line: CliLine }) {
  const { commands, notes } = props.line;
  return (
    <section class="panel cli" aria-label="Open in CLI">
      <h3>Open in CLI</h3>
      {commands.length === 0 ? (
        <p class="muted">No CLI equivalent: {notes.join('; ')}.</p>
      ) : (
        <>
          {commands.map((c) => (
            <div class="cli-row" key={c}>
              <code class="command">{c}</code>
              <button type="button" aria-label={`Copy: ${c}`} onClick={() => void navigator.clipboard?.writeText(c)}>
                Copy
              </button>
            </div>
          ))}
          {notes.length > 0 && <p class="muted">{notes.join('; ')}.</p>}
        </>
      )}
    </section>
  );
}
