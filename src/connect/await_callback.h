#pragma once
// Awaits work that answers through a callback (a VERIFY on the verify pool, a DL/I call on
// ODBM's pool): `start` is called with the callback, which resumes the coroutine with its
// argument on the coroutine's executor. Pointers into the caller's frame, and an initiation
// that captures nothing owning memory: g++ 12 miscompiles a co_await whose call is given such
// a temporary.
#include <functional>
#include <memory>

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace zgate::connect {

template <class T, class Start>
boost::asio::awaitable<T> await_callback(Start* start) {
  co_return co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(T)>(
      [](auto handler, Start* start) {
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        (*start)(std::function<void(T)>([h](T r) { std::move(*h)(std::move(r)); }));
      },
      boost::asio::use_awaitable, start);
}

}  // namespace zgate::connect
