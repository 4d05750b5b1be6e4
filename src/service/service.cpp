// Service: the stores, the current Application (swapped whole on reload) and the server.
#include "restjwt/service.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <vector>

#include "http_client/https_get.hpp"
#include "restjwt/password_hasher.hpp"
#include "restjwt/remote_jwks.hpp"
#include "restjwt/responses.hpp"
#include "restjwt/throttle.hpp"
#include "restjwt/views.hpp"
#include "service/logger.hpp"
#include "service/metrics.hpp"
#include "service/probes.hpp"
#include "service/revocation_purge.hpp"
#include "service/service_events.hpp"
#include "service/stores.hpp"
#include "service/timed_user_store.hpp"

namespace restjwt {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Everything a reload replaces, built from one Config.
struct Snapshot {
  std::unique_ptr<PasswordHashers> hashers;
  std::shared_ptr<const LoginThrottle> throttle;
  std::unique_ptr<Application> app;
  SteadyClock::time_point retired{};
};

// A request routed by one Snapshot may still be handled after a reload has replaced it, so a
// replaced Snapshot is kept until no request can still use it: requests are bounded by the
// server's timeouts (seconds), and a Snapshot retired this long ago is let go at the next reload.
constexpr std::chrono::minutes kRetiredKeptFor{10};

// /metrics alone, on its own listener ([server] metrics_bind).
class MetricsOnly final : public RequestHandler {
 public:
  MetricsOnly(std::string path, std::shared_ptr<const View> view)
      : path_(std::move(path)), view_(std::move(view)) {}
  Route route(const HttpRequest& request) const override {
    Route route;
    if (request.path() == path_) {
      route.outcome = Route::Outcome::kView;
      route.view = view_.get();
      route.path = path_;
    }
    return route;
  }
  HttpResponse handle(const HttpRequest& request, const Route& route) const override {
    if (route.view == nullptr) return detail_response(404, "Not found.", "");
    return route.view->handle(request);
  }
  HttpResponse unavailable(const HttpRequest&, const Route&) const override {
    return error_response(ErrorCode::kServiceUnavailable, Surface::kTokenView, "");
  }

 private:
  std::string path_;
  std::shared_ptr<const View> view_;
};

// The RequestHandler the server serves: the current Snapshot's Application, read without a lock.
class CurrentApplication final : public RequestHandler {
 public:
  Route route(const HttpRequest& request) const override { return app().route(request); }
  HttpResponse handle(const HttpRequest& request, const Route& route) const override {
    return app().handle(request, route);
  }
  HttpResponse unavailable(const HttpRequest& request, const Route& route) const override {
    return app().unavailable(request, route);
  }

  // The Snapshot now serving; the previous one is retired, not destroyed.
  void install(std::unique_ptr<Snapshot> next) {
    const std::lock_guard lock(mutex_);
    const auto now = SteadyClock::now();
    std::erase_if(retired_, [now](const std::unique_ptr<Snapshot>& old) {
      return now - old->retired > kRetiredKeptFor;
    });
    current_.store(next.get(), std::memory_order_release);
    if (live_) {
      live_->retired = now;
      retired_.push_back(std::move(live_));
    }
    live_ = std::move(next);
  }

 private:
  const Application& app() const { return *current_.load(std::memory_order_acquire)->app; }

  std::atomic<const Snapshot*> current_{nullptr};
  std::mutex mutex_;  // install() against install()
  std::unique_ptr<Snapshot> live_;
  std::vector<std::unique_ptr<Snapshot>> retired_;
};

// The ring of [keys], read (and, when it is empty, given its first key) before serving.
Expected<std::shared_ptr<KeyRing>, StartError> open_key_ring(const Config& config,
                                                             const Clock& clock,
                                                             std::shared_ptr<Events> events) {
  auto store = open_key_store(config);
  if (!store) return unexpected(std::move(store).error());
  auto ring = KeyRing::open(std::shared_ptr<KeyStore>(std::move(*store)), key_ring_options(config),
                            clock, std::move(events));
  if (!ring) return unexpected(StartError{StartError::Kind::kConfig, "[keys]: " + ring.error()});
  return std::move(*ring);
}

// Another issuer's key set, fetched over HTTPS with the [remote_jwks] limits.
std::shared_ptr<RemoteJwks> open_remote_jwks(const RemoteJwksConfig& c,
                                             std::shared_ptr<Events> events) {
  RemoteJwksOptions options;
  options.name = c.url;
  options.algorithms.clear();
  for (const auto& name : c.algorithms) options.algorithms.push_back(*algorithm_from_name(name));
  options.cache_lifetime = c.cache_lifetime;
  options.refresh_before = c.refresh_before;
  options.refetch_min_interval = c.refetch_min_interval;
  detail::HttpGetOptions get{c.url, c.timeout, c.max_bytes, c.allow_http, c.ca_file};
  return std::make_shared<RemoteJwks>(
      std::move(options), [get] { return detail::https_get(get); }, std::move(events));
}

}  // namespace

struct Service::Impl {
  Config config;  // as started: what reload() must not change
  Clock clock;
  std::shared_ptr<detail::Logger> logger;
  std::shared_ptr<detail::Metrics> metrics;
  std::shared_ptr<detail::ServiceEvents> events;
  std::unique_ptr<UserStore> store;
  std::unique_ptr<ThrottleCounters> throttle_counters;  // outlives every Snapshot's throttle
  std::unique_ptr<RevocationStore> revocations;         // JWT_TOKEN_ID on: outlives every Snapshot
  std::unique_ptr<detail::RevocationPurge> revocation_purge;
  std::shared_ptr<OutstandingTokenStore> outstanding_tokens;  // [simplejwt], opened at start
  std::unique_ptr<detail::DatabaseMonitor> monitor;
  std::shared_ptr<KeyRing> key_ring;        // [keys]: shared by every Snapshot
  std::shared_ptr<RemoteJwks> remote_jwks;  // [remote_jwks]: likewise
  CurrentApplication handler;
  std::unique_ptr<Server> server;
  std::unique_ptr<MetricsOnly> metrics_handler;
  std::unique_ptr<Server> metrics_server;  // with [server] metrics_bind
  bool created_database = false;

  Expected<std::unique_ptr<Snapshot>, std::string> build(const Config& c) const;
  std::vector<std::string> needs_restart(const Config& next) const;
  std::optional<std::string> not_ready() const;
  std::string render_metrics() const;
  std::shared_ptr<const View> metrics_view() const;
};

// Why /readyz says 503, in the order an operator would look.
std::optional<std::string> Service::Impl::not_ready() const {
  if (server) {
    const Server::Stats stats = server->stats();
    if (stats.draining) return "stopping";
    if (stats.hash_queue_full) return "the password hashing queue is full";
    if (stats.db_queue_full) return "the database queue is full";
  }
  return monitor ? monitor->problem() : std::nullopt;
}

std::string Service::Impl::render_metrics() const {
  if (!metrics) return {};
  detail::MetricGauges gauges;
  if (server) {
    const Server::Stats stats = server->stats();
    gauges.open_connections = stats.open_connections;
    gauges.hash_queued = stats.hash_queued;
    gauges.db_queued = stats.db_queued;
  }
  gauges.log_lines_dropped = logger->dropped();
  gauges.ready = !not_ready();
  return metrics->render(gauges);
}

std::shared_ptr<const View> Service::Impl::metrics_view() const {
  return detail::make_metrics_view([this] { return render_metrics(); });
}

Expected<std::unique_ptr<Snapshot>, std::string> Service::Impl::build(const Config& c) const {
  auto snapshot = std::make_unique<Snapshot>();
  auto hashers = PasswordHashers::from_names(c.passwords.hashers, c.passwords.options);
  if (!hashers) return unexpected("[passwords] hashers: " + hashers.error());
  snapshot->hashers = std::make_unique<PasswordHashers>(std::move(*hashers));
  ApplicationOptions options;
  options.events = events;
  options.settings = c.jwt;
  options.routes = c.routes;
  options.allow_inactive_login = c.users.allow_inactive_login;
  options.update_last_login = c.users.update_last_login;
  options.clock = clock;
  options.csrf_trusted_origins = c.csrf.trusted_origins;
  options.cors = c.cors;
  options.key_ring = key_ring;
  options.jwks_max_age = c.keys.jwks_max_age;
  if (remote_jwks) {
    options.remote_keys = remote_jwks;
    options.remote_rules = RemoteTokenRules{config.remote_jwks.issuer, config.remote_jwks.audience,
                                            config.remote_jwks.username_claim};
  }
  // Each Snapshot's Application keeps its own cache of the revocations (loaded when it is built),
  // over the one store.
  options.revocation_store = revocations.get();
  options.revocation_poll_interval = c.revocation.poll_interval;
  if (c.throttle.enabled && throttle_counters) {
    snapshot->throttle =
        std::make_shared<LoginThrottle>(c.throttle, *throttle_counters, clock, events);
    options.throttle = snapshot->throttle;
  }
  if (c.simplejwt.enabled) {
    if (!outstanding_tokens) {
      return unexpected(
          std::string("[simplejwt] enabled by a reload: restart the server to open "
                      "its token_blacklist tables"));
    }
    options.simplejwt = c.simplejwt.options;
    options.simplejwt->outstanding = outstanding_tokens;
  }
  if (!config.users.schema.secret_column.empty()) {
    // JWT_GET_USER_SECRET_KEY = "column:<name>": the store reads that column into jwt_secret.
    options.hooks.user_secret = [](const User& user) { return user.jwt_secret; };
  }
  auto app = Application::create(std::move(options), *store, *snapshot->hashers);
  if (!app) return unexpected(std::move(app).error());
  snapshot->app = std::move(*app);
  // The operator's routes, on the API's listener (/metrics on its own when metrics_bind is set).
  const ProbesConfig& probes = config.probes;
  const std::pair<std::string, std::shared_ptr<const View>> extra[] = {
      {probes.health_path, detail::make_health_view()},
      {probes.ready_path, detail::make_ready_view([this] { return not_ready(); })},
      {probes.metrics_bind ? std::string() : probes.metrics_path, metrics_view()}};
  for (const auto& [path, view] : extra) {
    if (path.empty()) continue;
    if (auto added = snapshot->app->add_route(path, view); !added) {
      return unexpected(std::move(added).error());
    }
  }
  return snapshot;
}

// The settings a running server cannot take without a restart, by their keys.
std::vector<std::string> Service::Impl::needs_restart(const Config& next) const {
  const Config& now = config;
  std::vector<std::string> changed;
  const auto note = [&changed](bool differs, const char* key) {
    if (differs) changed.emplace_back(key);
  };
  note(now.server.bind.to_string() != next.server.bind.to_string(), "[server] bind");
  note(now.server.io_threads != next.server.io_threads, "[server] threads");
  note(now.server.hash_threads != next.server.hash_threads, "[server] hash_threads");
  note(now.database.url != next.database.url, "[database] url");
  note(now.database.pool_size != next.database.pool_size, "[database] pool_size");
  note(now.users.schema.table != next.users.schema.table ||
           now.users.schema.username_field != next.users.schema.username_field ||
           now.users.schema.email_field != next.users.schema.email_field ||
           now.users.schema.id_type != next.users.schema.id_type ||
           now.users.schema.secret_column != next.users.schema.secret_column,
       "[users] / JWT_GET_USER_SECRET_KEY");
  note(now.throttle.storage != next.throttle.storage, "[throttle] storage");
  note(now.throttle.enabled != next.throttle.enabled, "[throttle] enabled");
  note((now.jwt.token_id == TokenId::kOff) != (next.jwt.token_id == TokenId::kOff) ||
           now.revocation.purge_interval != next.revocation.purge_interval,
       "JWT_TOKEN_ID on or off / [revocation] purge_interval");
  const auto& r = now.remote_jwks;
  const auto& rn = next.remote_jwks;
  note(r.url != rn.url || r.issuer != rn.issuer || r.audience != rn.audience ||
           r.algorithms != rn.algorithms || r.username_claim != rn.username_claim ||
           r.cache_lifetime != rn.cache_lifetime || r.refresh_before != rn.refresh_before ||
           r.refetch_min_interval != rn.refetch_min_interval || r.timeout != rn.timeout ||
           r.max_bytes != rn.max_bytes || r.allow_http != rn.allow_http || r.ca_file != rn.ca_file,
       "[remote_jwks]");
  note(now.keys.storage != next.keys.storage || now.keys.directory != next.keys.directory ||
           now.keys.rotate_every != next.keys.rotate_every ||
           now.keys.publish_ahead != next.keys.publish_ahead ||
           now.keys.poll_interval != next.keys.poll_interval || now.keys.kek != next.keys.kek,
       "[keys]");
  note(now.log.format != next.log.format || now.log.access_log != next.log.access_log,
       "[server] log_format / access_log");
  return changed;
}

int StartError::exit_code() const noexcept {
  switch (kind) {
    case Kind::kConfig:
      return kExitConfig;
    case Kind::kDatabase:
      return 69;  // EX_UNAVAILABLE
    case Kind::kListen:
      return 71;  // EX_OSERR
  }
  return 1;
}

Service::Service(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Expected<std::unique_ptr<Service>, StartError> Service::start(const Config& config, Clock clock) {
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  impl->clock = std::move(clock);
  impl->logger = std::make_shared<detail::Logger>(config.log);
  // Route labels for the metrics: fixed at start-up (a route a reload adds counts as "other").
  const std::vector<std::string> probe_paths{config.probes.health_path, config.probes.ready_path,
                                             config.probes.metrics_path};
  std::vector<std::string> labels{config.routes.obtain, config.routes.verify, config.routes.refresh,
                                  config.routes.user};
  if (config.jwt.token_id != TokenId::kOff) labels.push_back(config.routes.revoke);
  labels.insert(labels.end(), probe_paths.begin(), probe_paths.end());
  std::erase(labels, std::string());
  // No metrics route, nothing counted: `metrics_path = ""` turns the counting off.
  if (!config.probes.metrics_path.empty())
    impl->metrics = std::make_shared<detail::Metrics>(labels);
  impl->events = std::make_shared<detail::ServiceEvents>(impl->logger, impl->metrics,
                                                         config.log.access_log, probe_paths);
  for (const auto& warning : config.warnings) impl->logger->log(LogLevel::kWarning, warning);

  auto store = detail::open_store(config, /*create_if_missing=*/true, impl->created_database);
  if (!store) return unexpected(std::move(store).error());
  if (impl->metrics) {
    impl->store = std::make_unique<detail::TimedUserStore>(std::move(*store), *impl->metrics);
  } else {
    impl->store = std::move(*store);
  }
  impl->monitor = std::make_unique<detail::DatabaseMonitor>(*impl->store, std::chrono::seconds(2),
                                                            config.probes.ready_timeout);
  if (config.throttle.enabled) {
    auto counters = detail::open_throttle_counters(config);
    if (!counters) return unexpected(std::move(counters).error());
    impl->throttle_counters = std::move(*counters);
  }
  if (config.jwt.token_id != TokenId::kOff) {
    auto revocations = detail::open_revocation_store(config);
    if (!revocations) return unexpected(std::move(revocations).error());
    impl->revocations = std::move(*revocations);
    if (config.revocation.purge_interval.count() > 0) {
      impl->revocation_purge =
          std::make_unique<detail::RevocationPurge>(*impl->revocations, config.jwt, impl->clock,
                                                    impl->events, config.revocation.purge_interval);
    }
  }
  if (config.simplejwt.enabled) {
    auto tokens = detail::open_outstanding_tokens(config);
    if (!tokens) return unexpected(std::move(tokens).error());
    impl->outstanding_tokens = std::move(*tokens);
  }
  if (config.keys.enabled()) {
    auto ring = open_key_ring(config, impl->clock, impl->events);
    if (!ring) return unexpected(std::move(ring).error());
    impl->key_ring = std::move(*ring);
    impl->key_ring->start(config.keys.poll_interval);
  }
  if (config.remote_jwks.enabled()) {
    impl->remote_jwks = open_remote_jwks(config.remote_jwks, impl->events);
    // Fetched before serving (Envoy's fast_listener off): the first tokens find their keys. A
    // failure is logged and fetched again in the background; until then those tokens fail.
    (void)impl->remote_jwks->fetch();
    impl->remote_jwks->start();
  }
  auto snapshot = impl->build(config);
  if (!snapshot) return unexpected(StartError{StartError::Kind::kConfig, snapshot.error()});
  impl->handler.install(std::move(*snapshot));

  ServerOptions server_options = config.server;
  server_options.db_threads = config.database.pool_size;
  server_options.trusted_proxies = config.throttle.trusted_proxies;
  auto server = Server::start(server_options, impl->handler, impl->events);
  if (!server) return unexpected(StartError{StartError::Kind::kListen, server.error()});
  impl->server = std::move(*server);
  if (config.probes.metrics_bind && !config.probes.metrics_path.empty()) {
    ServerOptions metrics_options;
    metrics_options.bind = *config.probes.metrics_bind;
    metrics_options.io_threads = 1;
    metrics_options.hash_threads = 1;
    metrics_options.db_threads = 1;
    metrics_options.limits.max_connections = 64;
    impl->metrics_handler =
        std::make_unique<MetricsOnly>(config.probes.metrics_path, impl->metrics_view());
    auto metrics_server = Server::start(metrics_options, *impl->metrics_handler);
    if (!metrics_server) {
      return unexpected(StartError{StartError::Kind::kListen,
                                   "[server] metrics_bind: " + metrics_server.error()});
    }
    impl->metrics_server = std::move(*metrics_server);
  }
  return std::unique_ptr<Service>(new Service(std::move(impl)));
}

Service::~Service() {
  impl_->metrics_server.reset();
  impl_->server.reset();
  impl_->monitor.reset();
  impl_->revocation_purge.reset();
  impl_->key_ring.reset();  // their threads report to the logger
  impl_->remote_jwks.reset();
  impl_->logger->flush();
}

Server& Service::server() { return *impl_->server; }

std::optional<BindAddress> Service::metrics_address() const {
  if (!impl_->metrics_server) return std::nullopt;
  return impl_->metrics_server->local_address();
}

bool Service::created_database() const { return impl_->created_database; }

void Service::log(LogLevel level, std::string_view message) { impl_->logger->log(level, message); }

Expected<void, std::string> Service::reload(const Config& config) {
  Impl& impl = *impl_;
  auto snapshot = impl.build(config);
  if (!snapshot) return unexpected(std::move(snapshot).error());
  for (const auto& key : impl.needs_restart(config)) {
    impl.logger->log(LogLevel::kWarning, key + " changed: it takes effect at the next restart");
  }
  for (const auto& warning : config.warnings) impl.logger->log(LogLevel::kWarning, warning);
  impl.handler.install(std::move(*snapshot));
  impl.logger->set_level(config.log.level);
  return {};
}

Expected<std::string, StartError> check_database(const Config& config) {
  bool created = false;
  auto store = detail::open_store(config, /*create_if_missing=*/false, created);
  if (!store) return unexpected(std::move(store).error());
  const UserTableSchema& schema = (*store)->schema();
  std::string found = "database " + redact_database_url(config.database.url) + ": user table " +
                      schema.table + " (username field \"" + schema.username_field + "\", " +
                      (schema.id_type == UserTableSchema::IdType::kUuid ? "uuid" : "integer") +
                      " ids";
  if (!schema.secret_column.empty()) found += ", per-user secrets in " + schema.secret_column;
  found += ") found";
  if (config.throttle.enabled && config.throttle.storage == ThrottleConfig::Storage::kDatabase) {
    auto counters = detail::open_throttle_counters(config);
    if (!counters) return unexpected(std::move(counters).error());
    found += "; throttle counters in restjwt_throttle";
  }
  if (config.jwt.token_id != TokenId::kOff) {
    auto revocations = detail::open_revocation_store(config);
    if (!revocations) return unexpected(std::move(revocations).error());
    found += "; revocations in restjwt_revoked_tokens and restjwt_user_cutoffs";
  }
  if (config.keys.enabled()) {
    auto key_store = open_key_store(config);
    if (!key_store) return unexpected(std::move(key_store).error());
    auto keys = (*key_store)->load();
    if (!keys) {
      return unexpected(StartError{StartError::Kind::kDatabase,
                                   "cannot read the key ring: " + keys.error().message});
    }
    const auto active = std::find_if(keys->begin(), keys->end(), [](const StoredKey& k) {
      return k.state == KeyState::kActive;
    });
    found += "; key ring of " + std::to_string(keys->size()) + " keys, " +
             (active != keys->end() ? "active " + active->kid
                                    : std::string("none active yet (serve makes one)"));
  }
  return found;
}

}  // namespace restjwt
