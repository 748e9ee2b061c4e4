#include "core/topics.h"

#include <set>

#include "core/limits.h"
#include "core/utf8.h"

namespace tsunagu::core {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool HasControlChar(std::string_view text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7F) return true;
  }
  return false;
}

std::string At(std::size_t line) {
  return line == 0 ? std::string() : "行 " + std::to_string(line) + ": ";
}

std::string AtEn(std::size_t line) {
  return line == 0 ? std::string() : "line " + std::to_string(line) + ": ";
}

class ErrorList {
 public:
  void Add(std::size_t line, std::string_view ja, std::string_view en) {
    if (errors_.size() > kTopicsErrorsMax) return;
    if (errors_.size() == kTopicsErrorsMax) {
      errors_.push_back({0,
                         "エラーが多すぎるため以降は省略します / too many errors; the rest "
                         "are not listed"});
      return;
    }
    errors_.push_back({line, At(line) + std::string(ja) + " / " + AtEn(line) + std::string(en)});
  }
  bool empty() const { return errors_.empty(); }
  std::vector<TopicsError> Take() { return std::move(errors_); }

 private:
  std::vector<TopicsError> errors_;
};

// Checks one label; the field name goes into the message.
void CheckLabel(ErrorList& errors, std::size_t line, std::string_view label, std::string_view ja,
                std::string_view en) {
  if (label.empty()) {
    errors.Add(line, std::string(ja) + "が空です", std::string(en) + " is empty");
    return;
  }
  const auto length = Utf8Length(label);
  if (!length) {
    errors.Add(line, std::string(ja) + "の文字コードが正しくありません",
               std::string(en) + " is not valid UTF-8");
    return;
  }
  if (HasControlChar(label)) {
    errors.Add(line, std::string(ja) + "に制御文字があります",
               std::string(en) + " holds a control character");
  }
  if (*length > kTopicLabelCharsMax) {
    errors.Add(
        line, std::string(ja) + "は" + std::to_string(kTopicLabelCharsMax) + "文字までです",
        std::string(en) + " is longer than " + std::to_string(kTopicLabelCharsMax) + " characters");
  }
}

}  // namespace

const Topic* TopicList::Find(std::string_view code) const {
  for (const Topic& t : topics_) {
    if (t.code == code) return &t;
  }
  return nullptr;
}

bool IsTopicCode(std::string_view code) {
  if (code.empty() || code.size() > kTopicCodeBytesMax) return false;
  if (code[0] < 'a' || code[0] > 'z') return false;
  for (char c : code) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::expected<TopicList, std::vector<TopicsError>> ParseTopicsTsv(std::string_view text) {
  ErrorList errors;
  if (text.size() > kTopicsFileBytesMax) {
    errors.Add(0,
               "ファイルが大きすぎます（" + std::to_string(kTopicsFileBytesMax) + " バイトまで）",
               "the file is larger than " + std::to_string(kTopicsFileBytesMax) + " bytes");
    return std::unexpected(errors.Take());
  }
  if (text.starts_with(kBom)) text.remove_prefix(kBom.size());
  std::vector<Topic> topics;
  std::set<std::string, std::less<>> codes;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty() || line.starts_with('#')) continue;
    std::vector<std::string_view> fields;
    for (;;) {
      const std::size_t tab = line.find('\t');
      fields.push_back(line.substr(0, tab));
      if (tab == std::string_view::npos) break;
      line.remove_prefix(tab + 1);
    }
    if (fields.size() != 3) {
      errors.Add(line_number,
                 "タブ区切りで「コード、日本語の名前、英語の名前」の3項目が必要です（" +
                     std::to_string(fields.size()) + " 項目あります）",
                 "expected 3 tab-separated fields: code, Japanese label, English label (found " +
                     std::to_string(fields.size()) + ")");
      continue;
    }
    const std::string_view code = fields[0];
    if (!IsTopicCode(code)) {
      errors.Add(line_number,
                 "コード " + QuoteForError(code, 40) +
                     " は英小文字で始まる a-z・0-9・_ の32バイトまでです",
                 "code " + QuoteForError(code, 40) +
                     " must be 1-32 bytes of a-z, 0-9 and _, starting with a letter");
    } else if (codes.contains(code)) {
      errors.Add(line_number, "コード \"" + std::string(code) + "\" が重複しています",
                 "duplicate code \"" + std::string(code) + "\"");
    } else {
      codes.emplace(code);
    }
    CheckLabel(errors, line_number, fields[1], "日本語の名前", "the Japanese label");
    CheckLabel(errors, line_number, fields[2], "英語の名前", "the English label");
    if (topics.size() == kTopicsMax) {
      errors.Add(line_number, "トピックは" + std::to_string(kTopicsMax) + "件までです",
                 "more than " + std::to_string(kTopicsMax) + " topics");
      break;
    }
    topics.push_back({std::string(code), std::string(fields[1]), std::string(fields[2])});
  }
  if (errors.empty() && topics.empty()) {
    errors.Add(0, "トピックが1件もありません", "the list has no topics");
  }
  if (!errors.empty()) return std::unexpected(errors.Take());
  return TopicList(std::move(topics));
}

std::string TopicsTsvText(const TopicList& list) {
  std::string out;
  for (const Topic& t : list.topics()) {
    out += t.code + "\t" + t.label_ja + "\t" + t.label_en + "\n";
  }
  return out;
}

}  // namespace tsunagu::core
