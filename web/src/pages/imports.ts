// Import: upload Disrupt JSON Lines (one record per line; every record must
// originate from the user's member), follow the server's background job with
// a progress bar, and read the rows it refused with line, field and message.
// Good rows are written in batches; refused rows are reported, not written.
import { ApiError, call, get } from "../api";
import { errorNotice, pageHeader } from "../common";
import { formatNumber, h, field, notice, table } from "../dom";
import { PageContext } from "../router";
import { currentSession } from "../session";

interface ImportJob {
  id: string;
  state: "queued" | "running" | "done" | "failed";
  bytes_done?: number;
  bytes_total?: number;
  lines_read?: number;
  records_written?: number;
  errors?: { line: number; field: string; message: string }[];
  started_at?: string;
  finished_at?: string;
  message?: string;
}

const kPollMs = 400;

export function importsPage(ctx: PageContext): void {
  const file = h("input", { type: "file", name: "file", accept: ".jsonl,.ndjson,.json,application/x-ndjson", required: true });
  const button = h("button", { type: "submit", class: "primary" }, "Import");
  const bar = h("progress", { max: "100", value: "0", "aria-label": "Import progress" });
  const barText = h("span", { class: "small" });
  const progress = h("div", { class: "progress", hidden: true }, bar, " ", barText);
  const status = h("div", { "aria-live": "polite" });
  const report = h("section", { "aria-label": "Import report" });
  const member = currentSession()?.member ?? "your member";
  const form = h(
    "form",
    { class: "card" },
    field("Disrupt JSON Lines file", file, `One record per line (docs/import-formats.md). Every record must originate from ${member}.`),
    button,
  );
  ctx.main.append(pageHeader("Import records"), form, progress, status, report);

  const show = (job: ImportJob) => {
    const total = job.bytes_total ?? 0;
    const done = job.bytes_done ?? 0;
    bar.max = total > 0 ? total : 1;
    bar.value = job.state === "done" ? bar.max : done;
    const pct = total > 0 ? Math.round((100 * done) / total) : job.state === "done" ? 100 : 0;
    barText.textContent = `${job.state} · ${pct}% · ${formatNumber(job.lines_read ?? 0)} lines read · ${formatNumber(job.records_written ?? 0)} records written`;
    const errors = job.errors ?? [];
    if (job.state === "done" || job.state === "failed") {
      status.replaceChildren(
        job.state === "done"
          ? notice(errors.length > 0 ? "error" : "ok", `Import finished: ${formatNumber(job.records_written ?? 0)} records written, ${errors.length} row${errors.length === 1 ? "" : "s"} refused.`)
          : notice("error", `Import failed${job.message ? ": " + job.message : ""}; ${formatNumber(job.records_written ?? 0)} records were written before it stopped.`),
      );
    }
    report.replaceChildren(
      errors.length > 0
        ? table(
            ["Line", "Field", "Why it was refused"],
            errors.map((e) => [String(e.line), h("code", null, e.field || "—"), e.message]),
            `Refused rows (${errors.length}${errors.length >= 1000 ? ", the first 1000" : ""})`,
          )
        : "",
    );
  };

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = file.files?.[0];
    if (!f) {
      status.replaceChildren(notice("error", "Choose a file to import."));
      return;
    }
    button.disabled = true;
    report.replaceChildren();
    progress.hidden = false;
    bar.removeAttribute("value"); // indeterminate while uploading
    barText.textContent = `uploading ${f.name} (${formatNumber(f.size)} bytes)…`;
    status.replaceChildren();
    try {
      const started = await call<ImportJob>("POST", "/api/v1/imports", { raw: f, contentType: "application/x-ndjson", signal: ctx.signal });
      let job: ImportJob = started;
      while (!ctx.signal.aborted && job.state !== "done" && job.state !== "failed") {
        await new Promise((r) => setTimeout(r, kPollMs));
        job = await get<ImportJob>("/api/v1/imports/" + encodeURIComponent(started.id), { signal: ctx.signal });
        show(job);
      }
      show(job);
    } catch (err) {
      progress.hidden = true;
      status.replaceChildren(err instanceof ApiError && err.status === 413 ? notice("error", "The file is larger than the server accepts.") : errorNotice(err, "Import"));
    } finally {
      button.disabled = false;
    }
  });
}
