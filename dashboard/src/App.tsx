import { useCallback, useMemo, useState } from 'react';
import { createClient } from './api/client.js';
import { type ApiFailure, failureTitle } from './api/errors.js';
import { AckTable } from './components/AckTable.js';
import { ApiKeyDialog } from './components/ApiKeyDialog.js';
import { AsyncTable } from './components/AsyncTable.js';
import { Controls, type FormState } from './components/Controls.js';
import { Header } from './components/Header.js';
import { InboxPanel } from './components/InboxPanel.js';
import { InputsList } from './components/InputsList.js';
import { LoadPanel } from './components/LoadPanel.js';
import { NoticeBanner } from './components/NoticeBanner.js';
import { OfflineBanner } from './components/OfflineBanner.js';
import { Panel } from './components/Panel.js';
import { QueuePanel } from './components/QueuePanel.js';
import { SummaryPanel } from './components/SummaryPanel.js';
import { SyncTable } from './components/SyncTable.js';
import { TimelineChart } from './components/TimelineChart.js';
import { useApiKey } from './hooks/useApiKey.js';
import { useDashboardConfig } from './hooks/useDashboardConfig.js';
import { useHealth } from './hooks/useHealth.js';
import { inboxNameFromUrl, useInbox } from './hooks/useInbox.js';
import { useNow } from './hooks/useNow.js';
import { useRun } from './hooks/useRun.js';
import { useTheme } from './hooks/useTheme.js';
import { runProblem } from './lib/run-problem.js';
import { autoSeeds, randomPrefix } from './lib/seeds.js';
import { asyncSummary, syncSummary } from './lib/summary.js';

/** The whole dashboard: wiring of state and hooks; every piece of UI lives in its own component. */

interface Notice {
  readonly failure: ApiFailure;
  readonly retryAtMs: number | null;
}

const INBOX_NAME = `dash-${randomPrefix().slice(5)}${randomPrefix().slice(5)}`;

export function App() {
  const { theme, toggle } = useTheme();
  const { apiKey, getApiKey, setApiKey } = useApiKey();
  const client = useMemo(() => createClient({ getApiKey }), [getApiKey]);
  const health = useHealth(client);
  const config = useDashboardConfig(client, health.online);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [keyOpen, setKeyOpen] = useState(false);
  const [prefix, setPrefix] = useState(randomPrefix);
  const [form, setForm] = useState<FormState>({
    count: 8,
    difficulty: 2,
    algorithm: 'sha256',
    mode: 'auto',
    manualSeeds: ['a', 'b', 'c'],
    callbackUrl: '',
  });

  const onFailure = useCallback(
    (failure: ApiFailure) => {
      if (failure.kind === 'offline') {
        health.check();
        return;
      }
      if (failure.kind === 'unauthorized') setKeyOpen(true);
      const retryAtMs = failure.retryAfterSec === null ? null : Date.now() + failure.retryAfterSec * 1000;
      setNotice({ failure, retryAtMs });
    },
    [health.check],
  );

  const { run, start, stop } = useRun(client, config.limits.maxStatusRequestIds, onFailure);
  const running = run !== null && !run.finished;
  // A countdown ticks 4× a second so the Run button and the banner never disagree by a second.
  const now = useNow(notice?.retryAtMs != null ? 250 : 1000, running || notice?.retryAtMs != null);

  const nextSeeds = form.mode === 'auto' ? autoSeeds(form.count, prefix) : form.manualSeeds;
  const problem = runProblem(nextSeeds, form.difficulty, form.callbackUrl, config.limits);
  const waitSeconds =
    notice?.retryAtMs != null && notice.retryAtMs > now ? Math.ceil((notice.retryAtMs - now) / 1000) : null;

  const builtInUrl = `${window.location.origin}/api/webhooks/inbox/${INBOX_NAME}`;
  const runCallback = run?.params.callbackUrl ?? null;
  const inboxName = runCallback ? inboxNameFromUrl(runCallback, window.location.origin) : null;
  const inbox = useInbox(client, inboxName, run?.async.status === 'following');

  const onRun = () => {
    setNotice(null);
    const seeds = nextSeeds.filter((s) => s !== '');
    start({
      seeds,
      difficulty: form.difficulty,
      algorithm: form.algorithm,
      callbackUrl: form.callbackUrl.trim() || null,
    });
    if (form.mode === 'auto') setPrefix(randomPrefix());
  };

  const details = run
    ? {
        algorithm: run.params.algorithm,
        difficulty: run.params.difficulty,
        iterationsPerLevel: config.iterationsPerLevel,
      }
    : null;
  const engine = run?.sync.response?.engine ?? health.health?.engine ?? null;
  const liveText: Record<string, string> = {
    connecting: 'connecting to live events…',
    sse: 'live (SSE)',
    polling: 'live (polling fallback)',
    closed: '',
  };

  return (
    <div className="app">
      <Header
        health={health}
        theme={theme}
        onToggleTheme={toggle}
        apiKeySet={apiKey !== null}
        onApiKey={() => setKeyOpen(true)}
      />
      {health.online === false ? (
        <OfflineBanner
          failures={health.failures}
          nextCheckAtMs={health.nextCheckAtMs}
          onRetry={health.check}
        />
      ) : null}
      {notice ? (
        <NoticeBanner
          failure={notice.failure}
          retryAtMs={notice.retryAtMs}
          onDismiss={() => setNotice(null)}
          onApiKey={() => setKeyOpen(true)}
        />
      ) : null}
      <main className="grid">
        <Panel
          title="Run"
          className="span-2"
          hint="The same seeds go to POST /api/sync and POST /api/async at the same moment"
        >
          <Controls
            form={form}
            onChange={(patch) => setForm((f) => ({ ...f, ...patch }))}
            algorithms={config.algorithms}
            maxSeeds={config.limits.maxSeedsPerRequest}
            maxDifficulty={config.limits.maxDifficulty}
            maxSeedLength={config.limits.maxSeedLength}
            builtInUrl={builtInUrl}
            running={running}
            problem={
              health.online === false ? 'The backend is offline; Run comes back when it answers.' : problem
            }
            waitSeconds={waitSeconds}
            onRun={onRun}
            onStop={stop}
          />
        </Panel>
        <SummaryPanel
          path="sync"
          summary={run ? syncSummary(run) : null}
          state={
            run ? (run.sync.error ? `refused: ${failureTitle(run.sync.error)}` : run.sync.status) : 'idle'
          }
          details={details ? { ...details, engine } : null}
        />
        <SummaryPanel
          path="async"
          summary={run ? asyncSummary(run) : null}
          state={
            run
              ? run.async.error
                ? `refused: ${failureTitle(run.async.error)}`
                : `${run.async.status} ${liveText[run.async.live] ?? ''}`.trim()
              : 'idle'
          }
          details={details ? { ...details, engine: health.health?.engine ?? null } : null}
        />
        <TimelineChart run={run} theme={theme} />
        <Panel title="Sync results" className="sync" hint={run?.sync.error?.message}>
          <SyncTable sync={run?.sync ?? null} seeds={run?.params.seeds ?? []} />
        </Panel>
        <Panel title="Async acks" className="async" hint={run?.async.error?.message}>
          <AckTable rows={run?.async.rows ?? []} submitting={run?.async.status === 'submitting'} />
        </Panel>
        <Panel
          title="Async results"
          className="async span-2"
          hint={
            run ? liveText[run.async.live] : 'Live over Server-Sent Events; polling only if the stream fails'
          }
        >
          <AsyncTable rows={run?.async.rows ?? []} now={now} withCallback={runCallback !== null} />
        </Panel>
        <InboxPanel
          name={inboxName}
          entries={inbox.entries}
          rows={run?.async.rows ?? []}
          error={inbox.error}
        />
        <InputsList seeds={run ? run.params.seeds : nextSeeds} forRun={run !== null} />
        <QueuePanel client={client} theme={theme} online={health.online !== false} onFailure={onFailure} />
        <LoadPanel client={client} theme={theme} config={config} onFailure={onFailure} />
      </main>
      <ApiKeyDialog
        open={keyOpen}
        current={apiKey}
        onSave={(key) => {
          setApiKey(key);
          setKeyOpen(false);
          setNotice(null);
        }}
        onClose={() => setKeyOpen(false)}
      />
    </div>
  );
}
