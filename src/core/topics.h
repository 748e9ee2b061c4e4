// The topic codes a wrap-up may carry (core/wrap_up.h): a list kept as data, data/topics.tsv,
// in the style of the MEXT and MHLW SNS counseling reports, so that reports count the same
// topics the ministries do and a deployment can adjust the list without a new build.
//
// Format: UTF-8, one topic a line, three fields separated by a tab:
//   code<TAB>日本語の名前<TAB>English label
// The code is what the store keeps and the API sends: 1-32 bytes of a-z, 0-9 and _, starting
// with a letter, unique in the file. Labels are 1-40 characters, no control characters. Blank
// lines and lines starting with # are skipped; lines end in LF or CRLF; a UTF-8 BOM is allowed.
// The order of the file is the order the console shows.
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace tsunagu::core {

struct Topic {
  std::string code;
  std::string label_ja;
  std::string label_en;
  friend bool operator==(const Topic&, const Topic&) = default;
};

// A parsed, valid list: at least one topic, codes unique, in file order.
class TopicList {
 public:
  TopicList() = default;
  explicit TopicList(std::vector<Topic> topics) : topics_(std::move(topics)) {}

  const std::vector<Topic>& topics() const { return topics_; }
  bool empty() const { return topics_.empty(); }
  // nullptr when the code is not in the list.
  const Topic* Find(std::string_view code) const;
  bool Contains(std::string_view code) const { return Find(code) != nullptr; }

  friend bool operator==(const TopicList&, const TopicList&) = default;

 private:
  std::vector<Topic> topics_;
};

// After this many errors the parser stops listing them (the last one says so).
inline constexpr std::size_t kTopicsErrorsMax = 20;

struct TopicsError {
  std::size_t line = 0;  // 1-based; 0 for the file as a whole
  // Japanese / English, starting with the line: 行 3: コードが重複しています / line 3: ...
  std::string message;
};

// True for a well-formed code (the rule above); says nothing about whether a list has it.
bool IsTopicCode(std::string_view code);

// Every topic, or every error (up to kTopicsErrorsMax). Never throws; any bytes are safe input.
std::expected<TopicList, std::vector<TopicsError>> ParseTopicsTsv(std::string_view text);

// The text of a list in the file's format (LF line ends, no comments): parses back to the same
// list.
std::string TopicsTsvText(const TopicList& list);

}  // namespace tsunagu::core
