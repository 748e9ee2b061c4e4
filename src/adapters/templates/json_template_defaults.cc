#include "adapters/templates/json_template_defaults.h"

#include <boost/json.hpp>
#include <fstream>

#include "core/templates.h"

namespace tsunagu::adapters::templates {

namespace json = boost::json;

namespace {
constexpr std::size_t kFileBytesMax = 256 * 1024;
}  // namespace

TemplateDefaultsLoad ParseTemplateDefaults(std::string_view text, const std::string& file) {
  TemplateDefaultsLoad out;
  if (text.size() > kFileBytesMax) {
    out.errors.push_back(file + ": 大きすぎます（256 KiB まで） / the file is larger than 256 KiB");
    return out;
  }
  json::parse_options options;
  options.allow_comments = true;
  options.allow_trailing_commas = true;
  boost::system::error_code ec;
  json::value doc = json::parse(text, ec, {}, options);
  if (ec) {
    out.errors.push_back(file + ": JSON として読めません / not valid JSON: " + ec.message());
    return out;
  }
  if (!doc.is_object()) {
    out.errors.push_back(file +
                         ": 定型文の名前と本文のオブジェクトにしてください / the file must "
                         "be an object of template keys and bodies");
    return out;
  }
  for (const auto& [key, value] : doc.as_object()) {
    const std::string name(key);
    const core::TemplateDef* def = core::FindTemplateDef(name);
    if (def == nullptr) {
      out.errors.push_back(file + ": \"" + name + "\" という定型文はありません / unknown template");
      continue;
    }
    if (!value.is_string()) {
      out.errors.push_back(file + ": " + name + ": 本文は文字列です / the body must be a string");
      continue;
    }
    const std::string body(value.as_string());
    for (const std::string& p : core::TemplateBodyProblems(*def, body)) {
      out.errors.push_back(file + ": " + name + ": " + p);
    }
    out.bodies[name] = body;
  }
  return out;
}

TemplateDefaultsLoad LoadTemplateDefaults(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {{}, {path + ": ファイルを開けません / cannot open the file"}};
  std::string text(kFileBytesMax + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return ParseTemplateDefaults(text, path);
}

}  // namespace tsunagu::adapters::templates
