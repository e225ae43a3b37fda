// disrupt audit: verify the tamper-evident audit log, query it (who saw
// what, when, and why they were allowed), sign a checkpoint now, and manage
// the signing key. Thin: parses, calls audit::AuditLog, renders.
#include <iostream>

#include <nlohmann/json.hpp>

#include "audit/audit_log.h"
#include "audit/sqlite_db.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "core/date.h"
#include "core/text.h"
#include "crypto/keys.h"

namespace disrupt::cli {

namespace {

constexpr const char* kCommand = "audit";

Args MakeArgs() {
  Args args(kCommand,
            "The audit log: verify its integrity, query it, sign a checkpoint, manage the signing key.\n"
            "  verify      walk the hash chain and the signed checkpoints; report every changed, removed,\n"
            "              inserted or reordered entry; exit status 0 when intact, 8 when not\n"
            "  query       list entries (who, what, when, decision and reason)\n"
            "  checkpoint  sign the current head now (e.g. before copying the database)\n"
            "  keygen      create a new signing key file (mode 0600) and print its public key\n"
            "  public-key  print the public key of the configured signing key, for auditors");
  AddStoreOption(args);
  args.Positional("ACTION", "verify | query | checkpoint | keygen | public-key")
      .Option("audit-key", "Signing key file (or $DISRUPT_AUDIT_KEY / $DISRUPT_AUDIT_KEY_FILE)")
      .Option("public-key", "verify: the audit public key in hex (instead of the signing key)")
      .Option("out", "keygen: where to write the new key file")
      .Option("actor", "query: user id")
      .Option("member", "query: the actor's member code")
      .Option("action", "query: action, or a prefix ending in '.' (record., auth.)")
      .Option("target", "query: record, user or request id")
      .Option("outcome", "query: allow, deny or info")
      .Option("from", "query: from this day (YYYY-MM-DD) or Unix time")
      .Option("to", "query: up to this day (inclusive) or Unix time")
      .Option("after", "query: entries after this sequence number (paging)", "0")
      .Option("limit", "query: at most this many entries (max 10000)", "100")
      .Flag("json", "query, verify: JSON output")
      .Epilog("examples:\n"
              "  disrupt audit verify --public-key 3b6a...e1\n"
              "  disrupt audit query --target AUS-AFP-P-000123          # who saw this record\n"
              "  disrupt audit query --actor ana.s --outcome deny --from 2026-01-01");
  return args;
}

// "2026-01-31" -> first (or last, when `end`) second of that day; a plain number is Unix time.
Result<long long> ParseWhen(const std::string& text, bool end, const std::string& field) {
  long long unix_time = 0;
  if (ParseInt64(text, unix_time) && text.size() > 8) return unix_time;
  auto date = PartialDate::Parse(text);
  if (!date.ok()) return Status::InvalidArgument("wants YYYY-MM-DD or Unix time", field);
  return end ? (date->LatestDay() + 1) * 86400 - 1 : date->EarliestDay() * 86400;
}

Result<std::string> PublicKey(const Args& args) {
  if (args.Has("public-key")) {
    auto pk = crypto::FromHex(args.Get("public-key"));
    if (!pk.ok() || pk->size() != 32) return Status::InvalidArgument("a public key is 64 hex characters", "--public-key");
    return *pk;
  }
  auto source = crypto::AuditKeySource(args.Get("audit-key"));
  if (!crypto::KeyConfigured(source)) return std::string();
  DISRUPT_ASSIGN_OR_RETURN(auto seed, crypto::LoadKey(source));
  return audit::PublicKeyFromSeed(seed);
}

Result<std::unique_ptr<audit::AuditLog>> OpenLog(const Args& args, bool with_signing_key) {
  DISRUPT_ASSIGN_OR_RETURN(std::string path, audit::PathFromStoreUri(args.Get("store")));
  audit::AuditOptions options;
  if (with_signing_key) {
    DISRUPT_ASSIGN_OR_RETURN(options.signing_seed, crypto::LoadKey(crypto::AuditKeySource(args.Get("audit-key"))));
  }
  return audit::AuditLog::Open(path, options);
}

int Verify(const Args& args) {
  auto pk = PublicKey(args);
  if (!pk.ok()) return Fail(kCommand, pk.status());
  auto log = OpenLog(args, false);
  if (!log.ok()) return Fail(kCommand, log.status());
  auto report = (*log)->Verify(*pk);
  if (!report.ok()) return Fail(kCommand, report.status());
  const auto& r = *report;
  if (args.Has("json")) {
    nlohmann::json j{{"ok", r.ok()},
                     {"entries", r.entries},
                     {"last_seq", r.last_seq},
                     {"checkpoints", r.checkpoints},
                     {"last_checkpoint_seq", r.last_checkpoint_seq},
                     {"unsigned_tail", r.unsigned_tail},
                     {"signatures_checked", r.signatures_checked},
                     {"chains", nlohmann::json::array()},
                     {"findings", nlohmann::json::array()}};
    for (const auto& c : r.chains) {
      j["chains"].push_back({{"chain", c.chain},
                             {"entries", c.entries},
                             {"head", c.head},
                             {"last_signed", c.last_signed},
                             {"unsigned_tail", c.unsigned_tail}});
    }
    for (const auto& f : r.findings) {
      j["findings"].push_back({{"kind", ToString(f.kind)},
                               {"chain", f.chain},
                               {"seq", f.seq},
                               {"other_seq", f.other_seq},
                               {"message", f.message}});
    }
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << "entries: " << r.entries << " (last " << r.last_seq << ")\n"
              << "signed checkpoints: " << r.checkpoints << " (last at " << r.last_checkpoint_seq << ")"
              << (r.signatures_checked ? "" : " — signatures NOT checked: give --public-key or --audit-key") << "\n"
              << "entries after the last checkpoint (chain only): " << r.unsigned_tail << "\n";
    for (const auto& c : r.chains) {
      std::cout << "chain " << c.chain << ": " << c.entries << " entries, signed up to " << c.last_signed << " of "
                << c.head << "\n";
    }
    for (const auto& f : r.findings) {
      std::cout << "TAMPERED " << ToString(f.kind) << " in chain " << f.chain << " at " << f.seq << ": " << f.message
                << "\n";
    }
    std::cout << (r.ok() ? "audit log intact\n" : "audit log NOT intact\n");
  }
  return r.ok() ? 0 : ToExitCode(StatusCode::kDataLoss);
}

int Query(const Args& args) {
  audit::AuditQuery q;
  q.actor = args.Get("actor");
  q.actor_member = args.Get("member");
  q.action = args.Get("action");
  q.target = args.Get("target");
  if (args.Has("outcome")) {
    std::string o = args.Get("outcome");
    if (o == "allow") q.outcome = audit::Outcome::kAllow;
    else if (o == "deny") q.outcome = audit::Outcome::kDeny;
    else if (o == "info") q.outcome = audit::Outcome::kInfo;
    else return Fail(kCommand, Status::InvalidArgument("--outcome is allow, deny or info", "--outcome"));
  }
  if (args.Has("from")) {
    auto t = ParseWhen(args.Get("from"), false, "--from");
    if (!t.ok()) return Fail(kCommand, t.status());
    q.from = *t;
  }
  if (args.Has("to")) {
    auto t = ParseWhen(args.Get("to"), true, "--to");
    if (!t.ok()) return Fail(kCommand, t.status());
    q.to = *t;
  }
  auto after = args.GetInt("after");
  auto limit = args.GetInt("limit");
  if (!after.ok()) return Fail(kCommand, after.status());
  if (!limit.ok() || *limit < 1) return Fail(kCommand, Status::InvalidArgument("--limit wants a positive number", "--limit"));
  q.after_seq = *after;
  q.limit = static_cast<size_t>(*limit);
  auto log = OpenLog(args, false);
  if (!log.ok()) return Fail(kCommand, log.status());
  auto entries = (*log)->Query(q);
  if (!entries.ok()) return Fail(kCommand, entries.status());
  const bool json = args.Has("json");
  if (!json) std::cout << "seq\ttime\tactor\tmember\taction\ttarget\toutcome\treason\tdetail\tchain\tchain_seq\n";
  for (const auto& e : *entries) {
    const auto& ev = e.event;
    if (json) {
      std::cout << nlohmann::json{{"seq", e.seq},         {"at", FormatTimestamp(e.at)}, {"actor", ev.actor},
                                  {"member", ev.actor_member}, {"action", ev.action},      {"target", ev.target},
                                  {"outcome", ToString(ev.outcome)}, {"reason", ev.reason}, {"detail", ev.detail},
                                  {"chain", e.chain},   {"chain_seq", e.chain_seq}}
                       .dump()
                << "\n";
    } else {
      std::cout << e.seq << "\t" << FormatTimestamp(e.at) << "\t" << ev.actor << "\t" << ev.actor_member << "\t"
                << ev.action << "\t" << ev.target << "\t" << ToString(ev.outcome) << "\t" << ev.reason << "\t"
                << ev.detail << "\t" << e.chain << "\t" << e.chain_seq << "\n";
    }
  }
  return 0;
}

}  // namespace

int AuditCommand(const Argv& argv) {
  Args args = MakeArgs();
  if (auto stop = ParseActionArgs(args, argv, kCommand)) return *stop;
  const std::string action = args.positionals()[0];
  if (action == "verify") return Verify(args);
  if (action == "query") return Query(args);
  if (action == "checkpoint") {
    auto log = OpenLog(args, true);
    if (!log.ok()) return Fail(kCommand, log.status());
    if (Status s = (*log)->Checkpoint(); !s.ok()) return Fail(kCommand, s);
    auto head = (*log)->Head();
    if (!head.ok()) return Fail(kCommand, head.status());
    std::cout << "signed checkpoint at entry " << head->first << " of chain main\n";
    return 0;
  }
  if (action == "keygen") {
    if (!args.Has("out")) return Fail(kCommand, Status::InvalidArgument("--out is required", "--out"));
    auto key = crypto::GenerateKeyFile(args.Get("out"));
    if (!key.ok()) return Fail(kCommand, key.status());
    std::string pk = audit::PublicKeyFromSeed(*key);
    std::cout << "wrote " << args.Get("out") << " (mode 0600, fingerprint " << key->Fingerprint() << ")\n"
              << "audit public key (give it to auditors): " << crypto::ToHex(pk.data(), pk.size()) << "\n";
    return 0;
  }
  if (action == "public-key") {
    auto pk = PublicKey(args);
    if (!pk.ok()) return Fail(kCommand, pk.status());
    if (pk->empty()) return Fail(kCommand, Status::FailedPrecondition("no audit key configured (--audit-key)"));
    std::cout << crypto::ToHex(pk->data(), pk->size()) << "\n";
    return 0;
  }
  return Fail(kCommand, Status::InvalidArgument(
                            "unknown action '" + action + "' (verify, query, checkpoint, keygen, public-key)", "ACTION"));
}

}  // namespace disrupt::cli
