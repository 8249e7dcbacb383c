/*
 * Custodia account pages: sign-in, second factor, authenticator enrolment, account and sign-out.
 * Plain script, no dependencies; the pages hold no data and call the JSON API under /api/v1 with the
 * session cookie (credentials: 'same-origin'); every state-changing request carries the session's CSRF
 * token as X-CSRF-TOKEN. Texts are in account-i18n.json (English and Italian, the same keys).
 */
'use strict';

(function () {
  var API = '/api/v1';
  var LANGUAGES = ['en', 'it'];
  var dictionaries = {};
  var lang = 'en';
  var csrf = null;
  var message = null; // function returning the current status text, re-run when the language changes
  var rerender = []; // functions to re-run when the language changes

  function pickLanguage() {
    var asked = new URLSearchParams(window.location.search).get('lang');
    if (LANGUAGES.indexOf(asked) >= 0) {
      return asked;
    }
    var preferred = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en']);
    for (var i = 0; i < preferred.length; i++) {
      var primary = String(preferred[i]).toLowerCase().split('-')[0];
      if (LANGUAGES.indexOf(primary) >= 0) {
        return primary;
      }
    }
    return 'en';
  }

  function t(key, values) {
    var text = (dictionaries[lang] && dictionaries[lang][key]) || (dictionaries.en && dictionaries.en[key]) || key;
    if (values) {
      Object.keys(values).forEach(function (name) {
        text = text.split('{' + name + '}').join(String(values[name]));
      });
    }
    return text;
  }

  function byId(id) {
    return document.getElementById(id);
  }

  function show(id, visible) {
    var element = byId(id);
    if (element) {
      element.hidden = !visible;
    }
  }

  /** Puts a message in the live region; render is a function so it follows language switches. */
  function say(render) {
    message = render;
    byId('message').textContent = render ? render() : '';
  }

  function translate() {
    document.documentElement.lang = lang;
    document.title = t(document.body.getAttribute('data-title'));
    document.querySelectorAll('[data-i18n]').forEach(function (element) {
      element.textContent = t(element.getAttribute('data-i18n'));
    });
    document.querySelectorAll('[data-i18n-alt]').forEach(function (element) {
      element.setAttribute('alt', t(element.getAttribute('data-i18n-alt')));
    });
    document.querySelectorAll('[data-i18n-aria-label]').forEach(function (element) {
      element.setAttribute('aria-label', t(element.getAttribute('data-i18n-aria-label')));
    });
    document.querySelectorAll('a[data-lang]').forEach(function (link) {
      if (link.getAttribute('data-lang') === lang) {
        link.setAttribute('aria-current', 'true');
      } else {
        link.removeAttribute('aria-current');
      }
    });
    document.querySelectorAll('a[data-nav]').forEach(function (link) {
      var target = new URL(link.getAttribute('href'), window.location.href);
      target.searchParams.set('lang', lang);
      link.setAttribute('href', target.pathname.split('/').pop() + target.search);
    });
    if (message) {
      byId('message').textContent = message();
    }
    rerender.forEach(function (render) {
      render();
    });
  }

  function switchLanguage(event) {
    event.preventDefault();
    lang = event.currentTarget.getAttribute('data-lang');
    var url = new URL(window.location.href);
    url.searchParams.set('lang', lang);
    window.history.replaceState(null, '', url.pathname + url.search);
    translate();
  }

  /** Calls the API; answers {ok, status, data} (data: the JSON body or the problem, or null). */
  function api(method, path, body) {
    var headers = { Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (method !== 'GET' && csrf) {
      headers['X-CSRF-TOKEN'] = csrf;
    }
    return fetch(API + path, {
      method: method,
      headers: headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      if (response.status === 204) {
        return { ok: response.ok, status: response.status, data: null };
      }
      return response.json().catch(function () {
        return null;
      }).then(function (data) {
        if (data && data.csrfToken) {
          csrf = data.csrfToken;
        }
        return { ok: response.ok, status: response.status, data: data };
      });
    }, function () {
      return { ok: false, status: 0, data: null };
    });
  }

  function problemType(answer) {
    var type = answer.data && typeof answer.data.type === 'string' ? answer.data.type : '';
    return type.substring(type.lastIndexOf(':') + 1);
  }

  /**
   * Shows a failed answer; for a throttled sign-in, the server's notice in the page's language (it names
   * the wait), and the submit buttons of the page stay disabled until the wait is over.
   */
  function sayFailure(answer, unauthorizedKey) {
    var problem = answer.data || {};
    var type = problemType(answer);
    if (answer.status === 0) {
      say(function () { return t('error.network'); });
    } else if (type === 'signin-throttled' || answer.status === 429) {
      var seconds = Number(problem.retryAfterSeconds) || 1;
      say(function () {
        var notice = lang === 'it' ? problem.messageIt : problem.detail;
        return notice || t('error.throttled', { seconds: seconds });
      });
      hold(seconds);
    } else if (answer.status === 401 && unauthorizedKey) {
      say(function () { return t(unauthorizedKey); });
    } else if (answer.status === 403) {
      say(function () { return t('error.forbidden'); });
    } else {
      say(function () {
        return t('error.generic', { status: answer.status }) + (problem.detail ? ' ' + problem.detail : '');
      });
    }
  }

  function hold(seconds) {
    var buttons = document.querySelectorAll('button[type="submit"]');
    buttons.forEach(function (button) {
      button.disabled = true;
    });
    window.setTimeout(function () {
      buttons.forEach(function (button) {
        button.disabled = false;
      });
    }, seconds * 1000);
  }

  /** Wires a form: on submit, the handler gets the trimmed value of the input named code (or the form). */
  function onSubmit(formId, handler) {
    var form = byId(formId);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var buttons = form.querySelectorAll('button');
      buttons.forEach(function (button) { button.disabled = true; });
      Promise.resolve(handler(form)).then(function () {
        buttons.forEach(function (button) { button.disabled = false; });
      });
    });
  }

  function value(form, name) {
    return form.elements[name].value.trim();
  }

  /** Reads the session; calls then(view) when signed in, otherwise says so and shows the sign-in link. */
  function withSession(then) {
    say(function () { return t('status.loading'); });
    return api('GET', '/sessions/current').then(function (answer) {
      if (answer.ok) {
        say(null);
        then(answer.data);
      } else if (answer.status === 401) {
        say(function () { return t('status.notSignedIn'); });
        show('signin-link', true);
      } else {
        sayFailure(answer);
      }
    });
  }

  /** The TOTP and recovery-code forms of the second-factor step (ids prefix-totp-form, prefix-recovery-form). */
  function wireSecondFactor(prefix) {
    function verify(form) {
      var code = value(form, 'code');
      if (!code) {
        form.elements.code.focus();
        return null;
      }
      return api('POST', '/sessions/current/second-factor', { code: code }).then(function (answer) {
        if (answer.ok) {
          say(function () { return t('status.verified'); });
          window.location.assign('index.html?lang=' + lang);
        } else {
          form.elements.code.value = '';
          sayFailure(answer, 'error.codeRejected');
        }
      });
    }
    onSubmit(prefix + '-totp-form', verify);
    onSubmit(prefix + '-recovery-form', verify);
  }

  var pages = {
    signin: function () {
      onSubmit('signin-form', function (form) {
        var username = value(form, 'username');
        var password = form.elements.password.value;
        if (!username || !password) {
          (username ? form.elements.password : form.elements.username).focus();
          return null;
        }
        return api('POST', '/sessions', { username: username, password: password }).then(function (answer) {
          if (!answer.ok) {
            sayFailure(answer, 'error.signinFailed');
            return;
          }
          form.elements.password.value = '';
          if (answer.data.secondFactorEnrolled && !answer.data.secondFactorVerified) {
            say(null);
            form.hidden = true;
            show('second-step', true);
            byId('signin-totp').focus();
          } else {
            window.location.assign('index.html?lang=' + lang);
          }
        });
      });
      wireSecondFactor('signin');
    },

    mfa: function () {
      wireSecondFactor('mfa');
      withSession(function () {
        show('challenge', true);
        byId('mfa-totp').focus();
      });
    },

    enrol: function () {
      withSession(function () {
        show('start', true);
      });
      byId('start-enrol').addEventListener('click', function (event) {
        var button = event.currentTarget;
        button.disabled = true;
        api('POST', '/account/totp').then(function (answer) {
          button.disabled = false;
          if (!answer.ok) {
            sayFailure(answer);
            return;
          }
          // The server's SVG goes in as an image, never as markup in this page.
          var bytes = new TextEncoder().encode(answer.data.qrSvg);
          var binary = '';
          bytes.forEach(function (b) { binary += String.fromCharCode(b); });
          byId('qr').src = 'data:image/svg+xml;base64,' + window.btoa(binary);
          byId('secret').textContent = answer.data.secret.replace(/(.{4})(?=.)/g, '$1 ');
          show('start', false);
          show('scan', true);
          say(function () { return t('status.enrolStarted'); });
          byId('confirm-code').focus();
        });
      });
      onSubmit('confirm-form', function (form) {
        var code = value(form, 'code');
        if (!code) {
          form.elements.code.focus();
          return null;
        }
        return api('POST', '/account/totp/confirm', { code: code }).then(function (answer) {
          form.elements.code.value = '';
          if (!answer.ok) {
            sayFailure(answer, 'error.codeRejected');
            return;
          }
          var list = byId('recovery-codes');
          list.textContent = '';
          answer.data.recoveryCodes.forEach(function (recoveryCode) {
            var item = document.createElement('li');
            item.textContent = recoveryCode;
            list.appendChild(item);
          });
          byId('qr').removeAttribute('src');
          byId('secret').textContent = '';
          show('scan', false);
          show('codes', true);
          say(null);
          byId('codes-heading').focus();
        });
      });
    },

    index: function () {
      var session = null;
      function render() {
        if (!session) {
          return;
        }
        byId('account').textContent = session.account;
        byId('kind').textContent = session.kind;
        byId('roles').textContent = session.roles.length ? session.roles.join(', ') : t('index.none');
        byId('signed-in-at').textContent = new Date(session.signedInAt).toLocaleString(lang);
        byId('factors').textContent = session.factors.map(function (factor) {
          return t('factor.' + factor.kind) + ' (' + new Date(factor.verifiedAt).toLocaleTimeString(lang) + ')';
        }).join(', ') || t('index.none');
        byId('second-factor').textContent = t(session.secondFactorVerified ? 'index.yes' : 'index.no');
        byId('enrolled').textContent = t(session.secondFactorEnrolled ? 'index.yes' : 'index.no');
      }
      rerender.push(render);
      withSession(function (view) {
        session = view;
        render();
        show('mfa-link', view.secondFactorEnrolled && !view.secondFactorVerified);
        show('session', true);
      });
      byId('signout').addEventListener('click', function (event) {
        var button = event.currentTarget;
        button.disabled = true;
        api('DELETE', '/sessions/current').then(function (answer) {
          button.disabled = false;
          if (answer.ok || answer.status === 401) {
            session = null;
            csrf = null;
            show('session', false);
            show('signin-link', true);
            say(function () { return t('status.signedOut'); });
          } else {
            sayFailure(answer);
          }
        });
      });
    }
  };

  function start() {
    lang = pickLanguage();
    document.querySelectorAll('a[data-lang]').forEach(function (link) {
      link.addEventListener('click', switchLanguage);
    });
    fetch('account-i18n.json', { credentials: 'same-origin' }).then(function (response) {
      return response.json();
    }).then(function (loaded) {
      dictionaries = loaded;
    }, function () {
      dictionaries = {};
    }).then(function () {
      translate();
      var page = pages[document.body.getAttribute('data-page')];
      if (page) {
        page();
      }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
