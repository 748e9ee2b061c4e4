#include "adapters/http/server.h"

#include <spdlog/spdlog.h>

#include <boost/asio.hpp>
#include <boost/asio/experimental/as_tuple.hpp>
#include <boost/beast.hpp>
#include <deque>
#include <thread>
#include <vector>

#include "adapters/http/json_views.h"
#include "platform/metrics.h"

namespace tsunagu::adapters::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = asio::ip::tcp;
constexpr auto kTuple = asio::experimental::as_tuple(asio::use_awaitable);

constexpr std::size_t kHeaderBytesMax = 16 * 1024;
constexpr auto kIdleTimeout = std::chrono::seconds(60);
// A console that does not read its frames is cut off rather than buffered without limit.
constexpr std::size_t kStreamQueueFramesMax = 2'000;
constexpr int kCloseTooFarBehind = 4008;  // api/openapi.yaml: reconnect and refetch
constexpr std::size_t kStreamInboundBytesMax = 4 * 1024;
constexpr auto kLingerTimeout = std::chrono::seconds(2);
constexpr std::size_t kLingerBytesMax = 32 * 1024 * 1024;

Request ToRequest(const bhttp::request<bhttp::string_body>& in, const std::string& remote) {
  Request r;
  r.method = std::string(in.method_string());
  const std::string_view target = in.target();
  const std::size_t q = target.find('?');
  r.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) r.query = ParseQuery(target.substr(q + 1));
  for (const auto& field : in) {
    r.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  r.body = in.body();
  r.remote_address = remote;
  return r;
}

bhttp::response<bhttp::string_body> ToBeast(Response&& in, unsigned version, bool keep_alive) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(in.status), version};
  out.set(bhttp::field::server, "tsunagu");
  out.set(bhttp::field::content_type, in.content_type);
  out.set("X-Content-Type-Options", "nosniff");
  out.set("Referrer-Policy", "no-referrer");
  out.set("X-Frame-Options", "DENY");
  // The console loads only its own scripts and talks only to its own origin.
  out.set("Content-Security-Policy",
          "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
          "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  for (auto& [k, v] : in.headers) out.insert(k, v);
  out.body() = std::move(in.body);
  out.keep_alive(keep_alive);
  out.prepare_payload();
  return out;
}

// Requests by route family and status: a bounded label set for /metrics.
std::string_view RouteFamily(std::string_view path) {
  if (path.starts_with("/webhook/")) return "webhook";
  if (path.starts_with("/api/")) return "api";
  if (path == "/healthz" || path == "/metrics") return "ops";
  return "static";
}

void CountRequest(std::string_view path, int status, double seconds) {
  // A 5xx means something on our side failed (the store, usually): operators must see it.
  if (status >= 500) spdlog::warn("{} answered {}", path, status);
  auto& registry = platform::Registry::Global();
  const std::string family(RouteFamily(path));
  registry
      .GetCounter("tsunagu_http_requests_total", "HTTP requests answered, by route and status",
                  {{"route", family}, {"status", std::to_string(status)}})
      .Add();
  registry
      .GetHistogram("tsunagu_http_request_duration_seconds",
                    "Time from a full request to its answer, by route",
                    platform::Histogram::DefaultBucketsS(), {{"route", family}})
      .Observe(seconds);
}

platform::Gauge& StreamClientsGauge() {
  return platform::Registry::Global().GetGauge("tsunagu_stream_clients",
                                               "Consoles connected to the live stream");
}

Response PlainError(int status, std::string_view code, std::string_view message) {
  return Response{status, "application/json; charset=utf-8", {}, ErrorBody(code, message)};
}

// Bridges a callback-style route to a coroutine: the answer resumes the connection's strand.
template <typename Token>
auto AsyncHandle(ApiRoutes& routes, Request req, Token&& token) {
  return asio::async_initiate<Token, void(Response)>(
      [&routes](auto handler, Request request) {
        auto ex = asio::get_associated_executor(handler);
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        routes.Handle(std::move(request), [shared, ex](Response r) {
          asio::post(ex, [shared, r = std::move(r)]() mutable { (*shared)(std::move(r)); });
        });
      },
      token, std::move(req));
}

class WsClient : public StreamClient, public std::enable_shared_from_this<WsClient> {
 public:
  WsClient(beast::tcp_stream&& stream, core::Staff staff)
      : ws_(std::move(stream)), staff_(std::move(staff)) {}

  const core::Staff& staff() const override { return staff_; }

  void Send(std::shared_ptr<const std::string> frame) override {
    asio::post(ws_.get_executor(), [self = shared_from_this(), frame = std::move(frame)] {
      if (self->closed_ || self->close_code_) return;
      if (self->queue_.size() >= kStreamQueueFramesMax) {
        self->queue_.clear();
        self->CloseWith(kCloseTooFarBehind);
        return;
      }
      self->queue_.push_back(frame);
      if (!self->writing_) self->WriteNext();
    });
  }

  void Close(int code) override {
    asio::post(ws_.get_executor(), [self = shared_from_this(), code] { self->CloseWith(code); });
  }

  asio::awaitable<void> Run(bhttp::request<bhttp::string_body> upgrade) {
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.read_message_max(kStreamInboundBytesMax);
    auto [ec] = co_await ws_.async_accept(upgrade, kTuple);
    if (ec) co_return;
    Send(std::make_shared<const std::string>(
        boost::json::serialize(boost::json::object{{"type", "hello"}, {"staff_id", staff_.id}})));
    beast::flat_buffer buffer;
    for (;;) {
      auto [read_ec, n] = co_await ws_.async_read(buffer, kTuple);
      if (read_ec) break;
      // Consoles send only {"type":"ping"}; answer so they can tell a dead link from a quiet one.
      const std::string_view text(static_cast<const char*>(buffer.data().data()), n);
      if (text.find("\"ping\"") != std::string_view::npos) {
        Send(std::make_shared<const std::string>(R"({"type":"pong"})"));
      }
      buffer.consume(n);
    }
    closed_ = true;
  }

 private:
  // A close frame is a write too, and Beast allows one write at a time: it goes out after the
  // frames already queued.
  void CloseWith(int code) {
    if (closed_ || close_code_) return;
    close_code_ = code;
    if (!writing_) SendClose();
  }

  void SendClose() {
    writing_ = true;
    ws_.async_close(websocket::close_reason(static_cast<std::uint16_t>(close_code_)),
                    [self = shared_from_this()](beast::error_code) {
                      self->closed_ = true;
                      self->writing_ = false;
                    });
  }

  void WriteNext() {
    writing_ = true;
    ws_.text(true);
    ws_.async_write(asio::buffer(*queue_.front()),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      self->queue_.pop_front();
                      if (ec) {
                        self->closed_ = true;
                        self->queue_.clear();
                      }
                      if (!self->queue_.empty()) return self->WriteNext();
                      self->writing_ = false;
                      if (self->close_code_ && !self->closed_) self->SendClose();
                    });
  }

  websocket::stream<beast::tcp_stream> ws_;
  core::Staff staff_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  bool writing_ = false;
  bool closed_ = false;
  int close_code_ = 0;  // set once a close is asked for
};

}  // namespace

struct Server::Impl {
  ServerSettings settings;
  StreamHub& hub;
  asio::io_context ioc;
  asio::thread_pool blocking;
  tcp::acceptor acceptor{ioc};
  std::vector<std::thread> threads;
  ApiRoutes* routes = nullptr;

  Impl(ServerSettings s, StreamHub& h)
      : settings(std::move(s)), hub(h), blocking(static_cast<std::size_t>(s.blocking_threads)) {}

  asio::awaitable<void> Accept() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), kTuple);
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
        // Out of file descriptors (or another resource): retrying at once would spin a core.
        // Wait a little so that connections can close, and say so.
        spdlog::warn("accept failed: {}; retrying in 100 ms", ec.message());
        asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(100));
        co_await pause.async_wait(kTuple);
        continue;
      }
      auto ex = socket.get_executor();
      asio::co_spawn(ex, Connection(std::move(socket)), asio::detached);
    }
  }

  // Serves one connection: keep-alive HTTP requests, or one WebSocket upgrade.
  asio::awaitable<void> Connection(tcp::socket socket) {
    beast::error_code ignored;
    const auto endpoint = socket.remote_endpoint(ignored);
    const std::string remote = endpoint.address().to_string();
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
      stream.expires_after(kIdleTimeout);
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(kHeaderBytesMax);
      // Beast would check Content-Length against its default limit while reading the header and
      // fail without an answer; the limit depends on the route, so it is checked below instead.
      parser.body_limit(boost::none);
      auto [hec, hn] = co_await bhttp::async_read_header(stream, buffer, parser, kTuple);
      if (hec == bhttp::error::header_limit) {
        co_await Refuse(stream, PlainError(431, "limit_exceeded",
                                           "ヘッダーが大きすぎます / request header too large"));
        break;
      }
      if (hec) break;
      const std::string_view target = parser.get().target();
      const std::size_t limit = routes->BodyLimitFor(target.substr(0, target.find('?')));
      const Response too_large =
          PlainError(413, "limit_exceeded", "本文が大きすぎます / request body too large");
      if (parser.content_length() && *parser.content_length() > limit) {
        co_await Refuse(stream, too_large);
        break;
      }
      parser.body_limit(limit);  // chunked bodies are counted as they arrive
      auto [bec, bn] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
      if (bec == bhttp::error::body_limit) {
        co_await Refuse(stream, too_large);
        break;
      }
      if (bec) {
        if (bec != bhttp::error::end_of_stream) {
          co_await Refuse(stream, PlainError(400, "invalid_argument",
                                             "HTTPリクエストが不正です / malformed HTTP request"));
        }
        break;
      }
      auto in = parser.release();
      Request req = ToRequest(in, remote);
      if (websocket::is_upgrade(in) && req.path == "/api/v1/stream") {
        co_await Upgrade(std::move(stream), std::move(in), std::move(req));
        co_return;
      }
      const bool keep_alive = in.keep_alive();
      const std::string path = req.path;
      const auto started = std::chrono::steady_clock::now();
      Response resp = co_await AsyncHandle(*routes, std::move(req), asio::use_awaitable);
      CountRequest(
          path, resp.status,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
      if (in.method() == bhttp::verb::head) resp.body.clear();
      if (!co_await Write(stream, std::move(resp), in.version(), keep_alive)) break;
      if (!keep_alive) break;
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  // Checks the session on the blocking pool. A plain coroutine taking the request by value: g++ 12
  // double-frees captures of a coroutine lambda, so no lambda coroutine here.
  asio::awaitable<core::Result<core::Staff>> AuthenticateStream(Request req) {
    co_return routes->AuthenticateStream(req);
  }

  asio::awaitable<core::Result<core::Staff>> AuthenticateOnPool(Request req) {
    co_return co_await asio::co_spawn(blocking, AuthenticateStream(std::move(req)),
                                      asio::use_awaitable);
  }

  asio::awaitable<void> Upgrade(beast::tcp_stream stream, bhttp::request<bhttp::string_body> in,
                                Request req) {
    auto staff = co_await AuthenticateOnPool(std::move(req));
    if (!staff) {
      co_await Write(stream,
                     PlainError(HttpStatusOf(staff.error().code),
                                core::ErrorCodeName(staff.error().code), staff.error().message),
                     in.version(), false);
      co_return;
    }
    auto client = std::make_shared<WsClient>(std::move(stream), *staff);
    hub.Add(client);
    StreamClientsGauge().Add(1);
    co_await client->Run(std::move(in));
    StreamClientsGauge().Add(-1);
    hub.Remove(client.get());
  }

  // Answers an error and closes without resetting the connection: the client may still be
  // sending the body we refused, and a close with unread data would make the kernel send RST,
  // which can destroy our answer before the client reads it. So shut down our side and read
  // the rest away for a short while (a "lingering close").
  asio::awaitable<void> Refuse(beast::tcp_stream& stream, Response resp) {
    co_await Write(stream, std::move(resp), 11, false);
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream.expires_after(kLingerTimeout);
    std::array<char, 16 * 1024> scratch;
    std::size_t drained = 0;
    while (!ec && drained < kLingerBytesMax) {
      auto [read_ec, n] = co_await stream.async_read_some(asio::buffer(scratch), kTuple);
      ec = read_ec;
      drained += n;
    }
  }

  asio::awaitable<bool> Write(beast::tcp_stream& stream, Response resp, unsigned version,
                              bool keep_alive) {
    auto out = ToBeast(std::move(resp), version, keep_alive);
    auto [ec, n] = co_await bhttp::async_write(stream, out, kTuple);
    co_return !ec;
  }
};

Server::Server(ServerSettings settings, StreamHub& hub)
    : impl_(std::make_unique<Impl>(std::move(settings), hub)) {}

Server::~Server() { Stop(); }

void Server::RunBlocking(std::function<void()> fn) { asio::post(impl_->blocking, std::move(fn)); }

core::Result<int> Server::Start(ApiRoutes& routes) {
  impl_->routes = &routes;
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->settings.host, ec);
  if (ec) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "server.host が不正です / bad server.host: " + impl_->settings.host);
  }
  tcp::endpoint endpoint{address, static_cast<unsigned short>(impl_->settings.port)};
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return core::Fail(core::ErrorCode::kUnavailable,
                      "待ち受けできません / cannot listen on " + impl_->settings.host + ":" +
                          std::to_string(impl_->settings.port) + ": " + ec.message());
  }
  const int port = acceptor.local_endpoint().port();
  asio::co_spawn(impl_->ioc, impl_->Accept(), asio::detached);
  for (int i = 0; i < std::max(1, impl_->settings.io_threads); ++i) {
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  }
  return port;
}

void Server::Stop() {
  if (!impl_) return;
  asio::post(impl_->ioc, [this] {
    beast::error_code ec;
    impl_->acceptor.close(ec);
  });
  impl_->ioc.stop();
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
  impl_->threads.clear();
  impl_->blocking.join();
}

}  // namespace tsunagu::adapters::http
