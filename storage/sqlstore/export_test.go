package sqlstore

// SetMarketCacheLimit sets the most the Store's copy of the listed
// marketplace may hold, in the estimate marketCacheBytes counts.
func SetMarketCacheLimit(s *Store, n int) { s.market.maxBytes = n }

// MarketCacheHeld reports whether s holds a copy of the listed marketplace.
func MarketCacheHeld(s *Store) bool { return s.market.snap.Load() != nil }
