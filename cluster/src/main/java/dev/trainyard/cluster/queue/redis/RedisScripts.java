package dev.trainyard.cluster.queue.redis;

/**
 * The Lua scripts behind {@link RedisTaskQueue}. Each runs atomically on the server, which is what
 * keeps a task's hash, its stream entry and the consumer group's pending list in agreement.
 * Task states: READY (entry in a ready stream), DELAYED (in the delayed set), LEASED (entry pending
 * for {@code worker}), DONE, DEAD, CANCELLED.
 */
final class RedisScripts {
  private RedisScripts() {}

  /** KEYS: task, jobTasks, delayed, ready. ARGV: id, job, priority, payload, max, dueMillis or -1. */
  static final String ENQUEUE = """
      if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
      redis.call('HSET', KEYS[1], 'job', ARGV[2], 'priority', ARGV[3], 'payload', ARGV[4],
        'max', ARGV[5], 'attempt', 0, 'error', '')
      redis.call('SADD', KEYS[2], ARGV[1])
      if ARGV[6] ~= '-1' then
        redis.call('HSET', KEYS[1], 'state', 'DELAYED')
        redis.call('ZADD', KEYS[3], ARGV[6], ARGV[1])
      else
        local e = redis.call('XADD', KEYS[4], '*', 'task', ARGV[1])
        redis.call('HSET', KEYS[1], 'state', 'READY', 'entry', e)
      end
      return 1
      """;

  /** KEYS: delayed. ARGV: nowMillis, prefix. Moves due tasks to the tail of their ready stream. */
  static final String PROMOTE = """
      local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 500)
      for _, id in ipairs(due) do
        redis.call('ZREM', KEYS[1], id)
        local tk = ARGV[2] .. 'task:' .. id
        if redis.call('HGET', tk, 'state') == 'DELAYED' then
          local p = redis.call('HGET', tk, 'priority')
          local e = redis.call('XADD', ARGV[2] .. 'ready:' .. p, '*', 'task', id)
          redis.call('HSET', tk, 'state', 'READY', 'entry', e)
        end
      end
      return #due
      """;

  /**
   * KEYS: ready stream, claim cursors. ARGV: group, worker, minIdleMillis (the lease duration),
   * prefix. First claims one entry idle longer than a lease (XAUTOCLAIM, COUNT 1 so no other entry
   * changes hands; each call scans at most ~2000 pending entries and the next call resumes where it
   * stopped), then reads a fresh one (XREADGROUP). Returns {id, job, payload, attempt, max, entry}
   * or {}.
   */
  static final String LEASE = """
      local function release(entry)
        redis.call('XACK', KEYS[1], ARGV[1], entry)
        redis.call('XDEL', KEYS[1], entry)
      end
      local function take(entry, fields)
        local id = fields[2]
        local tk = ARGV[4] .. 'task:' .. id
        local st = redis.call('HMGET', tk, 'state', 'attempt', 'max', 'job', 'payload')
        if st[1] ~= 'READY' and st[1] ~= 'LEASED' then release(entry) return nil end
        local attempt, max = tonumber(st[2]), tonumber(st[3])
        if attempt >= max then
          release(entry)
          local err = 'lease expired on attempt ' .. attempt .. ' of ' .. max
          redis.call('HSET', tk, 'state', 'DEAD', 'error', err)
          redis.call('RPUSH', ARGV[4] .. 'dead', id)
          return nil
        end
        attempt = attempt + 1
        redis.call('HSET', tk, 'state', 'LEASED', 'attempt', attempt, 'worker', ARGV[2], 'entry', entry)
        return {id, st[4], st[5], tostring(attempt), tostring(max), entry}
      end
      local cursor = redis.call('HGET', KEYS[2], KEYS[1]) or '0-0'
      for _ = 1, 200 do
        local r = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], cursor, 'COUNT', 1)
        cursor = r[1]
        redis.call('HSET', KEYS[2], KEYS[1], cursor)
        for _, m in ipairs(r[2]) do
          if type(m) == 'table' and type(m[2]) == 'table' then
            local got = take(m[1], m[2])
            if got then return got end
          end
        end
        if cursor == '0-0' then break end
      end
      for _ = 1, 200 do
        local r = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', 1, 'STREAMS', KEYS[1], '>')
        if not r then return {} end
        local m = r[1][2][1]
        local got = take(m[1], m[2])
        if got then return got end
      end
      return {}
      """;

  /** KEYS: task, ready stream. ARGV: group, worker, entry. XCLAIM with min-idle 0 resets idle time. */
  static final String HEARTBEAT = """
      local st = redis.call('HMGET', KEYS[1], 'state', 'worker', 'entry')
      if st[2] ~= ARGV[2] or st[3] ~= ARGV[3] then return 'LOST' end
      if st[1] == 'CANCELLED' then
        redis.call('XACK', KEYS[2], ARGV[1], ARGV[3])
        redis.call('XDEL', KEYS[2], ARGV[3])
        return 'CANCELLED'
      end
      if st[1] ~= 'LEASED' then return 'LOST' end
      redis.call('XCLAIM', KEYS[2], ARGV[1], ARGV[2], 0, ARGV[3], 'JUSTID')
      return 'EXTENDED'
      """;

  /**
   * KEYS: task, results, ready stream, delayed. ARGV: group, id, result, receipt. The result is
   * written (HSETNX) before the entry is acknowledged: ack-late in one step.
   */
  static final String COMPLETE = """
      local st = redis.call('HMGET', KEYS[1], 'state', 'entry')
      local function release(entry)
        if entry then
          redis.call('XACK', KEYS[3], ARGV[1], entry)
          redis.call('XDEL', KEYS[3], entry)
        end
      end
      if st[1] == 'CANCELLED' then release(ARGV[4]) return 'CANCELLED' end
      if redis.call('HSETNX', KEYS[2], ARGV[2], ARGV[3]) == 0 then return 'DUPLICATE_DROPPED' end
      release(ARGV[4])
      release(st[2])
      redis.call('ZREM', KEYS[4], ARGV[2])
      if st[1] then redis.call('HSET', KEYS[1], 'state', 'DONE') end
      return 'STORED'
      """;

  /** KEYS: task, ready stream, delayed, dead. ARGV: group, worker, entry, error, retryDueMillis, id. */
  static final String FAIL = """
      local st = redis.call('HMGET', KEYS[1], 'state', 'worker', 'entry', 'attempt', 'max')
      if st[1] ~= 'LEASED' or st[2] ~= ARGV[2] or st[3] ~= ARGV[3] then return 'STALE_IGNORED' end
      redis.call('XACK', KEYS[2], ARGV[1], ARGV[3])
      redis.call('XDEL', KEYS[2], ARGV[3])
      if tonumber(st[4]) >= tonumber(st[5]) then
        redis.call('HSET', KEYS[1], 'state', 'DEAD', 'error', ARGV[4])
        redis.call('RPUSH', KEYS[4], ARGV[6])
        return 'DEAD_LETTERED'
      end
      redis.call('HSET', KEYS[1], 'state', 'DELAYED', 'error', ARGV[4])
      redis.call('ZADD', KEYS[3], ARGV[5], ARGV[6])
      return 'RETRY_SCHEDULED'
      """;

  /**
   * KEYS: task, delayed. ARGV: id, prefix. A leased task only changes state: its pending entry stays
   * until the worker's heartbeat or a redelivery attempt finds it cancelled and releases it.
   */
  static final String CANCEL = """
      local st = redis.call('HMGET', KEYS[1], 'state', 'priority', 'entry')
      if not st[1] then return 'UNKNOWN' end
      if st[1] == 'READY' then
        redis.call('XDEL', ARGV[2] .. 'ready:' .. st[2], st[3])
      elseif st[1] == 'DELAYED' then
        redis.call('ZREM', KEYS[2], ARGV[1])
      elseif st[1] ~= 'LEASED' then
        return 'NOT_ACTIVE'
      end
      redis.call('HSET', KEYS[1], 'state', 'CANCELLED')
      if st[1] == 'LEASED' then return 'MARKED' end
      return 'REMOVED'
      """;

  /** KEYS: events, seq. ARGV: body. Offsets are the sequence numbers, used as stream ids 0-n. */
  static final String APPEND_EVENT = """
      local n = redis.call('INCR', KEYS[2])
      redis.call('XADD', KEYS[1], '0-' .. n, 'body', ARGV[1])
      return n
      """;
}
