vcl 4.1;
# fazhi — Varnish (Debian bookworm's varnish 7.1) in front of the app: granian on 127.0.0.1:8000,
# or nginx (deploy/nginx/fazhi.conf).
#
# `fazhi varnish_config > /etc/varnish/fazhi.vcl` fills the ${FAZHI_...} placeholders from fazhi's
# settings (backend, the Host of the health probe, the admin path, the session cookie, who may
# purge); `fazhi varnish_config --systemd` prints the matching drop-in for varnish.service.
#
# Varnish keeps only what every anonymous reader may share, by the app's own rules
# (fazhi/serving/cache.py): GET/HEAD without a query string, session cookie or Authorization,
# outside the admin, /api/, /search/, /accounts/, /captcha/, /staff/, /documents/ and /media/,
# and only responses the app itself marked shareable with `s-maxage` (FAZHI_EDGE_CACHE_SECONDS)
# that set no cookie and say nothing private. Browsers still revalidate (max-age=0 and ETag).
#
# Freshness: every purge of the app's page cache is repeated here by a background task
# (fazhi.serving.edge.VarnishBackend): PURGE for one URL, BAN for everything under a prefix. A
# fetched page is kept 2 s until the app confirms it (304), then for s-maxage (vcl_backend_response).
#
# X-Cache on every answer says HIT, MISS (fetched and kept) or PASS (never kept; X-Cache-Reason
# says why).

import std;

probe fazhi_health {
    # Cheap and without a database query. X-Forwarded-Proto: with FAZHI_ENV=production the app
    # redirects plain-HTTP requests; the probe asks as the TLS proxy in front would.
    .request =
        "GET /robots.txt HTTP/1.1"
        "Host: ${FAZHI_PROBE_HOST}"
        "X-Forwarded-Proto: https"
        "User-Agent: varnish-probe"
        "Connection: close";
    .expected_response = 200;
    .timeout = 2s;
    .interval = 5s;
    .window = 5;
    .threshold = 3;
    # Healthy from the start: readers are not refused while the first probes run.
    .initial = 3;
}

backend fazhi_app {
    .host = "${FAZHI_BACKEND_HOST}";
    .port = "${FAZHI_BACKEND_PORT}";
    .probe = fazhi_health;
    .connect_timeout = 3s;
    # An uncached search or a large list page; an upload is sent as it arrives.
    .first_byte_timeout = 60s;
    .between_bytes_timeout = 30s;
}

# Who may PURGE and BAN: the app's task worker (FAZHI_VARNISH_URL points here).
acl fazhi_purgers {
${FAZHI_PURGERS}
}

# Proxies in front of Varnish (TLS): their X-Forwarded-Proto is believed, anyone else's replaced.
acl fazhi_tls_proxies {
${FAZHI_TLS_PROXIES}
}

sub vcl_recv {
    # Internal headers are ours only.
    unset req.http.X-Fazhi-Pass;
    # One cache key per host, whatever case or default port the reader typed.
    set req.http.X-Fazhi-Host = std.tolower(regsub(req.http.Host, ":(80|443)$", ""));

    # The reader's address: varnishd has already appended client.ip to X-Forwarded-For, so the app
    # finds it FAZHI_PROXY_COUNT hops from the right (1 with Varnish alone, 2 behind TLS proxy).
    if (req.http.X-Forwarded-Proto != "https" || client.ip !~ fazhi_tls_proxies) {
        set req.http.X-Forwarded-Proto = "http";
    }

    if (req.method == "PURGE" || req.method == "BAN") {
        # From the ACL only, and never relayed: a proxy on this box (nginx) forwards readers'
        # requests from 127.0.0.1 too, but they carry its X-Forwarded-For or X-Real-IP.
        if (client.ip !~ fazhi_purgers || req.http.X-Forwarded-For ~ "," || req.http.X-Real-IP) {
            return (synth(405, "Method Not Allowed"));
        }
        if (req.method == "BAN") {
            # Everything of this host whose path starts with the request's path (regex-escaped).
            # On object headers only, so the ban lurker clears matching objects in the background.
            ban("obj.http.X-Fazhi-Host == " + req.http.X-Fazhi-Host +
                " && obj.http.X-Fazhi-Url ~ ^" +
                regsuball(req.url, "([][\\.*+?^$(){}|])", "\\\1"));
            return (synth(200, "Banned"));
        }
        # One URL, every variant, both schemes: https first, http on the restart (vcl_purge).
        if (req.restarts == 0) {
            set req.http.X-Forwarded-Proto = "https";
        } else {
            set req.http.X-Forwarded-Proto = "http";
        }
        return (purge);
    }

    if (req.method != "GET" && req.method != "HEAD" && req.method != "POST" &&
        req.method != "PUT" && req.method != "PATCH" && req.method != "DELETE" &&
        req.method != "OPTIONS") {
        # TRACE, CONNECT, PURGE and BAN from anyone else, unknown methods.
        return (synth(405, "Method Not Allowed"));
    }

    # While the app answers, an expired copy is served at most 10 s while it is fetched again;
    # when the probe says it is down, for as long as the copy is kept (beresp.grace).
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }

    # What may not be shared — as fazhi.serving.cache.bypass_reason.
    if (req.method != "GET" && req.method != "HEAD") {
        set req.http.X-Fazhi-Pass = "method";
    } elsif (req.url ~ "\?") {
        set req.http.X-Fazhi-Pass = "query";
    } elsif (req.http.Authorization) {
        set req.http.X-Fazhi-Pass = "authorization";
    } elsif (req.http.Cookie ~ "(^|;)\s*${FAZHI_SESSION_COOKIE}=") {
        # Possibly signed in: never a page with or from them.
        set req.http.X-Fazhi-Pass = "session";
    } elsif (req.url ~ "^/(${FAZHI_ADMIN_PREFIX}|api|search|accounts|captcha|staff|documents|media)(/|$)") {
        # The admin, live data and tokens, search, sign-in, lookups, private documents, uploads.
        set req.http.X-Fazhi-Pass = "path";
    }
    if (req.http.X-Fazhi-Pass) {
        return (pass);
    }

    # Shared: drop every other cookie (csrftoken, fazhi_digg, analytics), so all readers get one
    # copy. Nothing on these pages reads a cookie: the scripts send them to /api/, which passes.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    hash_data(req.http.X-Fazhi-Host);
    hash_data(req.url);
    # As the app keys its own cache: by scheme too (http may be a redirect to https).
    hash_data(req.http.X-Forwarded-Proto);
    return (lookup);
}

sub vcl_purge {
    if (req.restarts == 0) {
        return (restart);
    }
    return (synth(200, "Purged"));
}

sub vcl_backend_fetch {
    unset bereq.http.X-Fazhi-Pass;
    unset bereq.http.X-Fazhi-Host;
}

sub vcl_backend_response {
    # What a BAN matches (removed again before delivery).
    set beresp.http.X-Fazhi-Host = std.tolower(regsub(bereq.http.Host, ":(80|443)$", ""));
    set beresp.http.X-Fazhi-Url = bereq.url;

    if (bereq.uncacheable) {
        # A pass decided in vcl_recv.
        return (deliver);
    }
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        # The app failed while refreshing an expired copy: keep serving that copy.
        return (abandon);
    }

    # What may not be kept — as fazhi.serving.cache.refusal_reason, and only what the app said
    # every reader may share (s-maxage, set by store() with FAZHI_EDGE_CACHE_SECONDS).
    if (beresp.http.Set-Cookie) {
        set beresp.http.X-Fazhi-Pass = "set-cookie";
    } elsif (beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)") {
        set beresp.http.X-Fazhi-Pass = "private";
    } elsif (beresp.http.Vary ~ "\*") {
        set beresp.http.X-Fazhi-Pass = "vary";
    } elsif (bereq.url ~ "^/static/") {
        # Collected static files (CSS, scripts, icons): the same for everyone, kept as long as
        # their own Cache-Control allows, a day at most.
        if (beresp.status != 200 || beresp.http.Cache-Control !~ "(?i)public") {
            set beresp.http.X-Fazhi-Pass = "not shared";
        } elsif (beresp.ttl > 1d) {
            set beresp.ttl = 1d;
        }
    } elsif (beresp.status != 200) {
        set beresp.http.X-Fazhi-Pass = "status";
    } elsif (beresp.http.Cache-Control !~ "(?i)s-maxage=[1-9]") {
        # The app did not store it in its own page cache, or no edge lifetime is configured.
        set beresp.http.X-Fazhi-Pass = "not shared";
    }

    if (beresp.http.X-Fazhi-Pass) {
        # Not kept; the next requests for this URL go to the app too, each on its own (no
        # waiting for another reader's answer), for the next 2 minutes or until a purge.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        set beresp.grace = 0s;
        return (deliver);
    }
    # beresp.ttl comes from s-maxage. A page is first kept 2 s only, then asked for again with
    # its ETag, and gets its full lifetime when the app answers 304 (the same bytes). A purge
    # reaches the app's worker processes within FAZHI_PAGE_L1_CHECK_MS (100 ms), and a page
    # rendered while a publish commits is already old: when such a copy is fetched just after
    # Varnish's PURGE, it lives 2 s here, not an hour. It costs one 304 per page per purge.
    if (bereq.url !~ "^/static/" && !beresp.was_304 && beresp.ttl > 2s) {
        set beresp.ttl = 2s;
    }
    # The copy is kept 6 h beyond its lifetime: to be asked for again with its ETag, and served
    # while the app is down (vcl_recv). Purged and banned copies are gone at once.
    set beresp.grace = 6h;
    return (deliver);
}

sub vcl_backend_error {
    # The app cannot be reached and nothing is kept: a short page in Chinese.
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Retry-After = "30";
    set beresp.http.Cache-Control = "no-store";
    synthetic({"<!doctype html>
<html lang="zh-hans"><head><meta charset="utf-8"><title>网站暂时无法访问</title></head>
<body><h1>网站暂时无法访问</h1><p>服务器正在维护或繁忙，请稍后再试。</p></body></html>
"});
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } elsif (req.http.X-Fazhi-Pass || resp.http.X-Fazhi-Pass) {
        set resp.http.X-Cache = "PASS";
        if (req.http.X-Fazhi-Pass) {
            set resp.http.X-Cache-Reason = req.http.X-Fazhi-Pass;
        } else {
            set resp.http.X-Cache-Reason = resp.http.X-Fazhi-Pass;
        }
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.X-Fazhi-Pass;
    unset resp.http.X-Fazhi-Host;
    unset resp.http.X-Fazhi-Url;
    unset resp.http.Via;
}

sub vcl_synth {
    set resp.http.Content-Type = "text/plain; charset=utf-8";
    if (resp.status == 405) {
        set resp.http.Allow = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
    }
    set resp.body = resp.reason + {"
"};
    return (deliver);
}
