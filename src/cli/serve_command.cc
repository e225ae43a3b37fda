// disrupt serve: runs the members' portal server (src/server) until SIGTERM
// or SIGINT, then finishes the requests in flight and exits 0. Also prints
// the OpenAPI document, the API reference (docs/api.md) and the effective
// configuration.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <thread>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "server/config.h"
#include "server/json_log.h"
#include "server/openapi.h"
#include "server/portal_server.h"
#include "store/store.h"

namespace disrupt::cli {

int ServeCommand(const Argv& argv) {
  Args args("serve", "Run the members' portal server (HTTP, or HTTPS with tls_cert and tls_key).");
  args.Option("config", "Configuration file (JSON); DISRUPT_<KEY> environment variables override it")
      .Option("store", "Catalogue store (overrides the configuration's \"store\")")
      .Option("port", "Port (overrides the configuration; 0 = chosen by the system)")
      .Option("port-file", "Write the bound port to this file")
      .Option("web-root", "Directory of the browser front end")
      .Flag("print-config", "Print the effective configuration and exit")
      .Flag("print-openapi", "Print the OpenAPI document and exit")
      .Flag("print-api-doc", "Print the API reference (docs/api.md) and exit")
      .Epilog(
          "Examples:\n"
          "  disrupt serve --store data/catalogue.db\n"
          "  DISRUPT_PORT=0 disrupt serve --config /etc/disrupt/serve.json --port-file /run/disrupt.port\n"
          "  disrupt serve --print-api-doc > docs/api.md\n");
  Status s = args.Parse(argv);
  if (!s.ok()) return Fail("serve", s);
  if (args.help_requested()) {
    std::cout << args.Help();
    return 0;
  }
  if (args.Has("print-openapi")) {
    std::cout << server::OpenApiDocument().dump(2) << "\n";
    return 0;
  }
  if (args.Has("print-api-doc")) {
    std::cout << server::OpenApiMarkdown(server::OpenApiDocument());
    return 0;
  }
  auto loaded = server::LoadConfig(args.Get("config"), server::ProcessEnvironment());
  if (!loaded.ok()) return Fail("serve", loaded.status());
  server::Config config = std::move(loaded).value();
  if (args.Has("store")) config.store = args.Get("store");
  if (args.Has("port")) {
    auto port = args.GetInt("port");
    if (!port.ok()) return Fail("serve", port.status());
    if (*port < 0 || *port > 65535) return Fail("serve", Status::InvalidArgument("must be 0..65535", "--port"));
    config.port = static_cast<int>(*port);
  }
  if (args.Has("port-file")) config.port_file = args.Get("port-file");
  if (args.Has("web-root")) config.web_root = args.Get("web-root");
  if (Status v = server::ValidateConfig(config); !v.ok()) return Fail("serve", v);
  if (args.Has("print-config")) {
    std::cout << server::ConfigToJson(config) << "\n";
    return 0;
  }

  // Signals are taken by one thread with sigwait: block them here, before any
  // other thread exists, so that every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // A client that goes away mid-answer must not kill the process.
  signal(SIGPIPE, SIG_IGN);

  server::JsonLog log(std::cerr, server::ParseLogLevel(config.log_level));
  // The field key the server requires (ValidateConfig) also keeps the
  // catalogue's sensitive fields encrypted at rest.
  auto open_options = StoreOpenOptions(config.field_key_file);
  if (!open_options.ok()) return Fail("serve", open_options.status().WithContext("field_key_file"));
  auto store = store::Store::Open(config.store, *open_options);
  if (!store.ok()) return Fail("serve", store.status());
  auto created = server::PortalServer::Create(config, std::move(store).value(), log);
  if (!created.ok()) return Fail("serve", created.status());
  std::unique_ptr<server::PortalServer> portal = std::move(created).value();
  auto port = portal->Bind();
  if (!port.ok()) return Fail("serve", port.status());

  std::mutex mu;
  std::condition_variable done_cv;
  bool done = false;
  bool signalled = false;
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    {
      std::lock_guard<std::mutex> lock(mu);
      signalled = true;
      if (done) return;  // woken by our own signal after Run ended
    }
    log.Write(server::LogLevel::kInfo, "signal", {{"signal", sig == SIGINT ? "SIGINT" : "SIGTERM"}});
    portal->Stop();
    std::unique_lock<std::mutex> lock(mu);
    if (!done_cv.wait_for(lock, std::chrono::seconds(config.shutdown_grace_seconds), [&] { return done; })) {
      log.Write(server::LogLevel::kError, "shutdown_timeout",
                {{"grace_seconds", config.shutdown_grace_seconds}, {"in_flight", portal->metrics().in_flight()}});
      std::_Exit(75);
    }
  });
  Status run = portal->Run();
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(mu);
    done = true;
    wake = !signalled;
  }
  done_cv.notify_all();
  // Wake the waiter if no signal came (Run ended on its own).
  if (wake) pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  portal.reset();
  if (!run.ok()) return Fail("serve", run);
  return 0;
}

}  // namespace disrupt::cli
