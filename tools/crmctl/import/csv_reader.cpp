#include "tools/crmctl/import/csv_reader.hpp"

namespace crm::cli {

csv_reader::csv_reader(std::string_view text) : text_(text) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

bool csv_reader::at_line_end() const { return pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r'); }

void csv_reader::skip_line_end() {
  if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
  ++pos_;
  ++line_;
}

void csv_reader::skip_rest_of_line() {
  while (pos_ < text_.size() && !at_line_end()) ++pos_;
  if (pos_ < text_.size()) skip_line_end();
}

// Back to the line after `start`'s: the quote that never closed swallowed everything after it.
void csv_reader::resume_after(std::size_t start, int start_line) {
  pos_ = start;
  line_ = start_line;
  skip_rest_of_line();
}

std::optional<csv_record> csv_reader::next() {
  while (at_line_end()) skip_line_end();
  if (pos_ >= text_.size()) return std::nullopt;
  ++records_;
  csv_record record;
  record.line = line_;
  const std::size_t start = pos_;
  std::string field;
  for (;;) {
    if (pos_ < text_.size() && text_[pos_] == '"') {
      ++pos_;
      const int quote_line = line_;
      bool closed = false;
      while (pos_ < text_.size()) {
        char c = text_[pos_++];
        if (c == '"') {
          if (pos_ < text_.size() && text_[pos_] == '"') {
            field += '"';
            ++pos_;
            continue;
          }
          closed = true;
          break;
        }
        if (c == '\n' || (c == '\r' && (pos_ >= text_.size() || text_[pos_] != '\n'))) ++line_;
        field += c;
      }
      if (!closed) {
        record.error = "the quoted field opened on line " + std::to_string(quote_line) + " is never closed";
        resume_after(start, record.line);
        return record;
      }
      if (pos_ < text_.size() && text_[pos_] != ',' && !at_line_end()) {
        record.error = "text after the closing quote of field " + std::to_string(record.fields.size() + 1) +
                       " (a quote inside a quoted field must be doubled: \"\")";
        skip_rest_of_line();
        return record;
      }
    } else {
      while (pos_ < text_.size() && text_[pos_] != ',' && !at_line_end()) {
        if (text_[pos_] == '"') {
          record.error = "a quote inside unquoted field " + std::to_string(record.fields.size() + 1) +
                         " (quote the whole field and double the quote: \"\")";
          skip_rest_of_line();
          return record;
        }
        field += text_[pos_++];
      }
    }
    record.fields.push_back(std::move(field));
    field.clear();
    if (pos_ < text_.size() && text_[pos_] == ',') {
      ++pos_;
      continue;
    }
    if (pos_ < text_.size()) skip_line_end();
    return record;
  }
}

}  // namespace crm::cli
