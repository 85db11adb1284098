#pragma once
// The transaction code of an IMS input message, as IMS reads it: the first blank-delimited
// word of the first segment (leading blanks skipped), at most 8 characters. One rule for every
// layer: OTMA schedules and checks TIMS with it, and IMS Connect's security exit (IMSLSECX) is
// given the same code, so the two can never judge different transactions.
#include <string>
#include <string_view>

namespace zgate::core {

std::string transaction_code(std::string_view first_segment);

}  // namespace zgate::core
