import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { describeUserAgent } from '@/lib/user-agent'

describe('describeUserAgent', () => {
  it('names the browser and the system, without the frozen versions', () => {
    assert.equal(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0'), 'Firefox on Windows')
    assert.equal(describeUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36'), 'Chrome on macOS')
    assert.equal(describeUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'), 'Mobile Safari on iOS')
  })

  it('shows an unrecognised client by the start of its header, and nothing as an unknown device', () => {
    assert.equal(describeUserAgent('curl/8.5.0'), 'curl/8.5.0')
    assert.equal(describeUserAgent('x'.repeat(5000)), `${'x'.repeat(60)}…`)
    assert.equal(describeUserAgent(null), 'Unknown device')
    assert.equal(describeUserAgent(''), 'Unknown device')
  })
})
