// The two Notifiers: in-process (SQLite stores) and LISTEN/NOTIFY
// (PostgreSQL). See notifier.h for the contract.
//
// The PostgreSQL listener thread waits on its connection's socket and on an
// eventfd (new channels to LISTEN, shutdown) with poll(), so a notification
// is handed to the handlers as soon as it arrives, with no polling delay.
#include "notify/notifier.h"

#include <libpq-fe.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "audit/postgres_db.h"
#include "core/text.h"
#include "store/postgres_store.h"

namespace disrupt::notify {

Status ValidateChannel(std::string_view channel) {
  if (channel.empty() || channel.size() > kMaxChannel ||
      !std::all_of(channel.begin(), channel.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      })) {
    return Status::InvalidArgument("a channel is 1-32 of [a-z0-9_]", "channel");
  }
  return Status::Ok();
}

namespace {

Status ValidatePayload(std::string_view payload) {
  if (payload.size() > kMaxPayload) {
    return Status::InvalidArgument("notification payload over " + std::to_string(kMaxPayload) + " bytes", "payload");
  }
  if (!IsValidUtf8(payload) || payload.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument("notification payload is not UTF-8 text", "payload");
  }
  return Status::Ok();
}

// Subscriptions and their dispatch, shared by both implementations.
class Subscribers {
 public:
  long long Add(std::string channel, Handler handler) {
    std::lock_guard lock(mu_);
    handlers_[++next_] = {std::move(channel), std::move(handler)};
    return next_;
  }
  void Remove(long long id) {
    std::lock_guard lock(mu_);  // waits for a dispatch in progress
    handlers_.erase(id);
  }
  // Calls the handlers of n.channel (every handler when n.resync).
  void Dispatch(const Notification& n) {
    std::lock_guard lock(mu_);
    for (const auto& [id, sub] : handlers_) {
      if (n.resync || sub.first == n.channel) sub.second(Notification{sub.first, n.payload, n.resync});
    }
  }
  std::set<std::string> Channels() {
    std::lock_guard lock(mu_);
    std::set<std::string> out;
    for (const auto& [id, sub] : handlers_) out.insert(sub.first);
    return out;
  }

 private:
  // Recursive: a handler may publish (in-process delivery calls back here).
  std::recursive_mutex mu_;
  std::map<long long, std::pair<std::string, Handler>> handlers_;
  long long next_ = 0;
};

class LocalNotifier final : public Notifier {
 public:
  Status Publish(std::string_view channel, std::string_view payload) override {
    DISRUPT_RETURN_IF_ERROR(ValidateChannel(channel));
    DISRUPT_RETURN_IF_ERROR(ValidatePayload(payload));
    subscribers_.Dispatch(Notification{std::string(channel), std::string(payload), false});
    return Status::Ok();
  }
  Result<long long> Subscribe(std::string_view channel, Handler handler) override {
    DISRUPT_RETURN_IF_ERROR(ValidateChannel(channel));
    return subscribers_.Add(std::string(channel), std::move(handler));
  }
  void Unsubscribe(long long id) override { subscribers_.Remove(id); }

 private:
  Subscribers subscribers_;
};

// FNV-1a, for a stable short tag of the schema name in channel names.
uint32_t Fnv1a(std::string_view s) {
  uint32_t h = 2166136261u;
  for (unsigned char c : s) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

class PostgresNotifier final : public Notifier {
 public:
  PostgresNotifier(std::string conninfo, std::string schema, std::unique_ptr<audit::PostgresDb> publisher)
      : conninfo_(std::move(conninfo)), publisher_(std::move(publisher)) {
    char tag[16];
    std::snprintf(tag, sizeof tag, "%08x", Fnv1a(schema));
    prefix_ = "disrupt_" + std::string(tag) + "_";
    wake_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    thread_ = std::thread([this] { Listen(); });
  }

  ~PostgresNotifier() override {
    stop_ = true;
    Wake();
    thread_.join();
    if (wake_ >= 0) close(wake_);
  }

  Status Publish(std::string_view channel, std::string_view payload) override {
    DISRUPT_RETURN_IF_ERROR(ValidateChannel(channel));
    DISRUPT_RETURN_IF_ERROR(ValidatePayload(payload));
    auto lock = publisher_->Lock();
    DISRUPT_ASSIGN_OR_RETURN(audit::Statement * st, publisher_->Prepare("SELECT pg_notify(?, ?)"));
    st->Bind(1, prefix_ + std::string(channel)).Bind(2, payload);
    Status s = st->Run();
    st->Reset();
    return s.ok() ? s : s.WithContext("publishing on " + std::string(channel));
  }

  Result<long long> Subscribe(std::string_view channel, Handler handler) override {
    DISRUPT_RETURN_IF_ERROR(ValidateChannel(channel));
    long long id = subscribers_.Add(std::string(channel), std::move(handler));
    // Wait (briefly) until the listener LISTENs, so that an event published
    // after Subscribe returns is heard. Without a connection, the resync on
    // reconnect covers what is missed.
    Wake();
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(5),
                 [&] { return listening_.count(std::string(channel)) > 0 || (tried_ && !connected_) || stop_; });
    return id;
  }

  void Unsubscribe(long long id) override { subscribers_.Remove(id); }

 private:
  void Wake() {
    uint64_t one = 1;
    if (wake_ >= 0) (void)!write(wake_, &one, sizeof one);
  }

  // LISTENs on every subscribed channel not yet listened to. False when the
  // connection failed.
  bool ListenAll(PGconn* conn) {
    for (const auto& channel : subscribers_.Channels()) {
      {
        std::lock_guard lock(mu_);
        if (listening_.count(channel)) continue;
      }
      // Channel names are [a-z0-9_] (ValidateChannel): quoting suffices.
      std::string sql = "LISTEN \"" + prefix_ + channel + "\"";
      PGresult* r = PQexec(conn, sql.c_str());
      bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
      if (r) PQclear(r);
      if (!ok) return false;
      std::lock_guard lock(mu_);
      listening_.insert(channel);
    }
    cv_.notify_all();
    return true;
  }

  void SetConnected(bool connected) {
    std::lock_guard lock(mu_);
    tried_ = true;
    connected_ = connected;
    if (!connected) listening_.clear();
    cv_.notify_all();
  }

  void Listen() {
    bool first = true;
    auto backoff = std::chrono::milliseconds(200);
    while (!stop_) {
      PGconn* conn = PQconnectdb(conninfo_.c_str());
      if (!conn || PQstatus(conn) != CONNECTION_OK) {
        if (conn) PQfinish(conn);
        SetConnected(false);
        WaitFor(backoff);
        backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
        continue;
      }
      PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
      backoff = std::chrono::milliseconds(200);
      SetConnected(true);
      if (ListenAll(conn)) {
        // Events may have been published while no connection listened.
        if (!first) subscribers_.Dispatch(Notification{"", "", true});
        first = false;
        Serve(conn);
      }
      PQfinish(conn);
      SetConnected(false);
    }
  }

  // Delivers notifications until the connection fails or the notifier stops.
  void Serve(PGconn* conn) {
    while (!stop_) {
      pollfd fds[2] = {{PQsocket(conn), POLLIN, 0}, {wake_, POLLIN, 0}};
      int n = poll(fds, 2, 1000);
      if (n < 0 && errno != EINTR) return;
      if (fds[1].revents & POLLIN) {
        uint64_t count;
        (void)!read(wake_, &count, sizeof count);
        if (stop_ || !ListenAll(conn)) return;
      }
      if (PQconsumeInput(conn) == 0 || PQstatus(conn) != CONNECTION_OK) return;
      while (PGnotify* note = PQnotifies(conn)) {
        std::string channel = note->relname ? note->relname : "";
        std::string payload = note->extra ? note->extra : "";
        PQfreemem(note);
        if (!StartsWith(channel, prefix_)) continue;
        subscribers_.Dispatch(Notification{channel.substr(prefix_.size()), std::move(payload), false});
      }
    }
  }

  void WaitFor(std::chrono::milliseconds d) {
    pollfd fd{wake_, POLLIN, 0};
    (void)poll(&fd, 1, static_cast<int>(d.count()));
    uint64_t count;
    (void)!read(wake_, &count, sizeof count);
  }

  std::string conninfo_;
  std::string prefix_;
  std::unique_ptr<audit::PostgresDb> publisher_;
  Subscribers subscribers_;
  int wake_ = -1;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  std::set<std::string> listening_;  // guarded by mu_
  bool connected_ = false;           // guarded by mu_
  bool tried_ = false;               // guarded by mu_: a first connection was attempted
  std::thread thread_;
};

}  // namespace

Result<std::unique_ptr<Notifier>> OpenNotifier(const std::string& store_uri) {
  if (!audit::IsPostgresLocation(store_uri)) return std::unique_ptr<Notifier>(new LocalNotifier());
  DISRUPT_ASSIGN_OR_RETURN(auto options, store::PostgresStore::ParseUri(store_uri));
  DISRUPT_ASSIGN_OR_RETURN(auto publisher, audit::PostgresDb::Open(store_uri));
  return std::unique_ptr<Notifier>(
      new PostgresNotifier(options.conninfo, options.schema, std::move(publisher)));
}

}  // namespace disrupt::notify
