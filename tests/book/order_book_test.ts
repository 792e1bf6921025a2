import assert from "node:assert/strict";
import { BACKGROUND_OWNER, BOOK_LEVEL_WINDOW, LimitOrderBook } from "@lib/book/mod.ts";
import { assertThrowsWith } from "../_assert.ts";

/** A hand-built book: asks 1001 [2, 1], 1002 [3], 1004 [5]; bids 999 [4], 998 [1, 1]. */
function tinyBook(): { book: LimitOrderBook; slots: Record<string, number> } {
  const book = new LimitOrderBook(0.5, 2);
  const slots = {
    a1: book.addLimit(-1, 1001, 2),
    a2: book.addLimit(-1, 1001, 1),
    c: book.addLimit(-1, 1002, 3),
    d: book.addLimit(-1, 1004, 5, 7),
    b1: book.addLimit(1, 999, 4),
    b2: book.addLimit(1, 998, 1),
    b3: book.addLimit(1, 998, 1),
  };
  return { book, slots };
}

Deno.test("a market order larger than the best queue walks the book exactly as the queues say", () => {
  const { book, slots } = tinyBook();
  assert.equal(book.bestAsk, 1001);
  assert.equal(book.bestBid, 999);
  // Buy 7: 1001 gives 2 + 1 = 3, 1002 gives 3, 1004 gives 1 of its 5 (hand count: 3 + 3 + 1 = 7).
  const sweep = book.marketOrder(1, 7);
  assert.equal(sweep.levels, 3);
  assert.deepEqual([...sweep.ticks.subarray(0, 3)], [1001, 1002, 1004]);
  assert.deepEqual([...sweep.sizes.subarray(0, 3)], [3, 3, 1]);
  assert.equal(sweep.filled, 7);
  // The order at 1004 is tagged 7 (a user's): its fill is reported.
  assert.equal(sweep.makerFills, 1);
  assert.equal(sweep.makerTags[0], 7);
  assert.equal(sweep.makerSlots[0], slots.d);
  assert.equal(sweep.makerSizes[0], 1);
  assert.equal(book.bestAsk, 1004);
  assert.equal(book.volumeAt(1004), 4);
  assert.equal(book.sizeOf(slots.d!), 4);
  assert.equal(book.volumeAt(1001), 0);
  assert.equal(book.volumeAt(1002), 0);
  assert.equal(book.audit(), 4 + 4 + 1 + 1);
  // Conservation: added 17, traded 7, resting 10.
  assert.equal(book.addedVolume, 17);
  assert.equal(book.tradedVolume, 7);
});

Deno.test("a sell takes the bid queue in time order and stops when the side is empty", () => {
  const { book, slots } = tinyBook();
  // Sell 5: 999 gives 4, then 998's first order (b2) gives 1; b3 keeps its place.
  let sweep = book.marketOrder(-1, 5);
  assert.deepEqual([...sweep.ticks.subarray(0, sweep.levels)], [999, 998]);
  assert.deepEqual([...sweep.sizes.subarray(0, sweep.levels)], [4, 1]);
  assert.equal(book.sizeOf(slots.b2!), 0);
  assert.equal(book.sizeOf(slots.b3!), 1);
  // Sell 3 more: only 1 is left on the bid side.
  sweep = book.marketOrder(-1, 3);
  assert.equal(sweep.filled, 1);
  assert.equal(book.bestBid, -1);
  assert.equal(book.bidOrders, 0);
  assert.equal(book.marketOrder(-1, 1).levels, 0);
  book.audit();
});

Deno.test("a marketable limit price stops the sweep at the limit", () => {
  const { book } = tinyBook();
  const sweep = book.marketOrder(1, 10, 1002);
  assert.equal(sweep.filled, 6);
  assert.equal(book.bestAsk, 1004);
});

Deno.test("cancelling from the middle of a queue keeps FIFO order and the best prices", () => {
  const { book, slots } = tinyBook();
  book.addLimit(-1, 1001, 4);
  assert.equal(book.cancel(slots.a2!), 1);
  assert.equal(book.cancel(slots.a2!), 0, "a second cancel finds nothing");
  assert.equal(book.volumeAt(1001), 6);
  const sweep = book.marketOrder(1, 3);
  // a1 (2) first, then the new order (1 of 4): a2 is gone.
  assert.deepEqual([...sweep.sizes.subarray(0, sweep.levels)], [3]);
  assert.equal(book.volumeAt(1001), 3);
  // Emptying the best level moves the best to the next one.
  book.cancel(slots.b1!);
  assert.equal(book.bestBid, 998);
  book.audit();
  assert.equal(book.addedVolume - book.tradedVolume - book.cancelledVolume, book.audit());
});

Deno.test("uniform cancellation picks among background orders only; tagged orders stay", () => {
  const { book, slots } = tinyBook();
  assert.equal(book.backgroundCount, 6);
  while (book.backgroundCount > 0) book.cancelBackground(0);
  assert.equal(book.orderCount, 1);
  assert.equal(book.orderTag[slots.d!], 7);
  assert.notEqual(book.orderTag[slots.d!], BACKGROUND_OWNER);
  assert.equal(book.bestAsk, 1004);
  assert.equal(book.bestBid, -1);
});

Deno.test("the book refuses a crossing limit order, grows its order slots, and clones independently", () => {
  const { book } = tinyBook();
  assertThrowsWith(() => book.addLimit(1, 1001, 1), RangeError, /must not cross the book/);
  assertThrowsWith(() => book.addLimit(-1, 999, 1), RangeError, /must not cross the book/);
  // The book started with 2 slots and holds 7 orders: it grew.
  const copy = book.clone();
  copy.marketOrder(1, 11);
  assert.equal(copy.bestAsk, -1);
  assert.equal(book.bestAsk, 1001);
  assert.equal(book.volumeAt(1001), 3);
  book.audit();
  copy.audit();
});

Deno.test("a level slot reused a whole window away cancels what was left there", () => {
  const book = new LimitOrderBook(0.1);
  book.addLimit(1, 500, 1);
  // The same ring slot, one window higher, for an ask: the stranded bid is dropped.
  book.addLimit(-1, 500 + BOOK_LEVEL_WINDOW, 2);
  assert.equal(book.bidOrders, 0);
  assert.equal(book.cancelledVolume, 1);
  assert.equal(book.bestAsk, 500 + BOOK_LEVEL_WINDOW);
  book.audit();
});

Deno.test("an L2 snapshot lists non-empty levels best first", () => {
  const { book } = tinyBook();
  const snap = book.snapshot(2);
  assert.deepEqual([...snap.askPrices], [500.5, 501]);
  assert.deepEqual([...snap.askSizes], [3, 3]);
  assert.deepEqual([...snap.bidPrices], [499.5, 499]);
  assert.deepEqual([...snap.bidSizes], [4, 2]);
  assertThrowsWith(() => book.snapshot(0), RangeError, /levels must be an integer >= 1/);
});
