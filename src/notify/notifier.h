// Notifier: a small publish/subscribe channel between the portal servers
// that share one database, so that an event on one server (a release
// granted, an alert raised, the policy cache invalidated) reaches every
// server at once.
//
// On PostgreSQL (postgresql:// store URI) it is LISTEN/NOTIFY: Publish runs
// pg_notify on its own connection, delivered to every listening server when
// the publishing statement commits; a listener thread per Notifier holds one
// connection that LISTENs on every subscribed channel. On a SQLite store
// there is one server per database, so delivery stays in the process.
//
// Channels: short names of [a-z0-9_] (at most 32 characters), e.g.
// "policy", "alerts". On PostgreSQL they are scoped to the store's schema, so
// catalogues sharing a database (an exercise beside the live one) do not
// hear each other. Payloads are at most kMaxPayload bytes of UTF-8 and carry
// identifiers only (a record or alert id), never record contents: every
// session connected to the database can LISTEN.
//
// Delivery: at most once, in publishing order per publisher; handlers run on
// the listener thread (the publishing thread on SQLite) and must be quick and
// must not block (hand heavy work to another thread). When the listener loses
// its connection it reconnects, subscribes again, and then calls every
// handler once with `resync` set: events may have been missed meanwhile, so
// a subscriber reloads what it caches.
//
// Example (an alerts service announcing a watchlist hit to every server):
//   notifier.Subscribe("alerts", [&](const Notification& n) {
//     if (n.resync) alerts.ReloadOpen(); else alerts.Deliver(n.payload);  // payload = alert id
//   });
//   notifier.Publish("alerts", alert_id);
//
// Thread safety: every method may be called from several threads.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace disrupt::notify {

inline constexpr size_t kMaxPayload = 1000;
inline constexpr size_t kMaxChannel = 32;

// Entity resolution: an analyst's decision (or its undo) or a run's saved
// state on one portal server; payload "<server instance> decision|state".
inline constexpr std::string_view kResolutionChannel = "resolution";

struct Notification {
  std::string channel;
  std::string payload;
  bool resync = false;  // delivered after a reconnect: events may have been missed
};

using Handler = std::function<void(const Notification&)>;

class Notifier {
 public:
  virtual ~Notifier() = default;

  // Announces `payload` on `channel` to every subscriber on every server
  // (this one included). kInvalidArgument for a bad channel name or an
  // oversized or non-UTF-8 payload; kUnavailable when the database cannot
  // be reached (the event is then not delivered anywhere).
  virtual Status Publish(std::string_view channel, std::string_view payload) = 0;

  // Calls `handler` for every notification on `channel` from now on. Returns
  // a subscription id for Unsubscribe. kInvalidArgument for a bad channel.
  virtual Result<long long> Subscribe(std::string_view channel, Handler handler) = 0;
  // Stops a subscription; once it returns, the handler is not running and
  // will not be called again.
  virtual void Unsubscribe(long long id) = 0;
};

// A Notifier for the store at `store_uri`: LISTEN/NOTIFY for postgresql://,
// in-process otherwise. kUnavailable when PostgreSQL cannot be reached,
// kInvalidArgument for a malformed URI. The PostgreSQL notifier's listener
// thread stops in its destructor.
Result<std::unique_ptr<Notifier>> OpenNotifier(const std::string& store_uri);

// Checks a channel name (used by both implementations).
Status ValidateChannel(std::string_view channel);

}  // namespace disrupt::notify
