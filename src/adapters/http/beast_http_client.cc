#include "adapters/http/beast_http_client.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url.hpp>

namespace tsunagu::adapters::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;

// LINE answers in a few kB; anything near this is not LINE.
constexpr std::size_t kResponseBodyBytesMax = 8 * 1024 * 1024;

struct Target {
  bool tls = false;
  std::string host;
  std::string port;
  std::string path;
};

std::optional<Target> ParseTarget(const std::string& url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return std::nullopt;
  Target t;
  const std::string scheme(parsed->scheme());
  if (scheme == "https") {
    t.tls = true;
  } else if (scheme != "http") {
    return std::nullopt;
  }
  t.host = std::string(parsed->host());
  if (t.host.empty()) return std::nullopt;
  t.port = parsed->has_port() ? std::string(parsed->port()) : (t.tls ? "443" : "80");
  t.path = std::string(parsed->encoded_path());
  if (t.path.empty()) t.path = "/";
  if (parsed->has_query()) t.path += "?" + std::string(parsed->encoded_query());
  return t;
}

template <typename Stream>
platform::HttpResponse Exchange(Stream& stream, beast::tcp_stream& lowest,
                                const platform::HttpRequest& request, const Target& target) {
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(request.method), target.path, 11};
  req.set(bhttp::field::host, target.host);
  req.set(bhttp::field::user_agent, "tsunagu");
  for (const auto& [k, v] : request.headers) req.set(k, v);
  req.body() = request.body;
  req.prepare_payload();
  lowest.expires_after(request.timeout);
  bhttp::write(stream, req);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(kResponseBodyBytesMax);
  bhttp::read(stream, buffer, parser);
  platform::HttpResponse out;
  out.status = static_cast<int>(parser.get().result_int());
  for (const auto& field : parser.get()) {
    out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  out.body = std::move(parser.get().body());
  return out;
}

}  // namespace

platform::HttpResponse BeastHttpClient::Send(const platform::HttpRequest& request) {
  platform::HttpResponse failed;
  auto target = ParseTarget(request.url);
  if (!target) {
    failed.error = "bad URL: " + request.url;
    return failed;
  }
  // Beast reports failures as exceptions from the synchronous calls; they end here.
  try {
    asio::io_context ioc;
    tcp::resolver resolver(ioc);
    beast::tcp_stream tcp_stream(ioc);
    tcp_stream.expires_after(request.timeout);
    auto endpoints = resolver.resolve(target->host, target->port);
    if (!target->tls) {
      tcp_stream.connect(endpoints);
      tcp_stream.socket().set_option(tcp::no_delay(true));
      return Exchange(tcp_stream, tcp_stream, request, *target);
    }
    ssl::context tls(ssl::context::tls_client);
    tls.set_default_verify_paths();
    tls.set_verify_mode(ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(std::move(tcp_stream), tls);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), target->host.c_str())) {
      failed.error = "TLS: cannot set SNI";
      return failed;
    }
    stream.set_verify_callback(ssl::host_name_verification(target->host));
    beast::get_lowest_layer(stream).connect(endpoints);
    beast::get_lowest_layer(stream).socket().set_option(tcp::no_delay(true));
    stream.handshake(ssl::stream_base::client);
    return Exchange(stream, beast::get_lowest_layer(stream), request, *target);
  } catch (const std::exception& e) {
    failed.error = e.what();
    return failed;
  }
}

}  // namespace tsunagu::adapters::http
