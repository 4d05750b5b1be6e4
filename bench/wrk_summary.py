"""Reads wrk --latency output on stdin; prints one line for the bench scripts:
"requests/s p50_ms p99_ms non2xx successful_per_s"."""
import re, sys
text = sys.stdin.read()
def lat(label):
    m = re.search(r"^\s*" + label + r"%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    if not m: return float("nan")
    return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
p50, p99 = lat("50"), lat("99")
total = re.search(r"(\d+) requests in ([\d.]+)(m?s)", text)
bad = int(non2xx.group(1)) if non2xx else 0
ok_per_s = 0.0
if total:
    secs = float(total.group(2)) / (1000.0 if total.group(3) == "ms" else 1.0)
    ok_per_s = (int(total.group(1)) - bad) / secs
print(f"{float(rps.group(1)) if rps else 0:.0f} {p50:.3f} {p99:.3f} {bad} {ok_per_s:.1f}")
