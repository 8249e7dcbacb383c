/*
 * Custodia account pages: sign-in, second factor, authenticator enrolment, account and sign-out.
 * Plain script, no dependencies; the pages hold no data and call the JSON API under /api/v1 with the
 * session cookie (credentials: 'same-origin'); every state-changing request carries the session's CSRF
 * token as X-CSRF-TOKEN. Passkeys go through the browser's WebAuthn (navigator.credentials, options read
 * with PublicKeyCredential.parse…FromJSON, answers sent as credential.toJSON()). Texts are in
 * account-i18n.json (English and Italian, the same keys).
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
  var heldUntil = 0; // until when (Date.now()) a throttled sign-in keeps the buttons disabled

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
   * the wait), and the buttons of the page stay disabled until the wait is over. texts renders what
   * to say for a refusal of this request by its status: texts[401] (a wrong code or password), texts[409]
   * (a conflict), …
   */
  function sayFailure(answer, texts) {
    var problem = answer.data || {};
    var type = problemType(answer);
    texts = texts || {};
    if (answer.status === 0) {
      say(function () { return t('error.network'); });
    } else if (type === 'signin-throttled' || answer.status === 429) {
      var seconds = Number(problem.retryAfterSeconds) || 1;
      say(function () {
        var notice = lang === 'it' ? problem.messageIt : problem.detail;
        return notice || t('error.throttled', { seconds: seconds });
      });
      hold(seconds);
    } else if (type === 'step-up-required') {
      say(function () { return t('error.stepUp'); });
      show('mfa-link', true);
    } else if (texts[answer.status]) {
      say(texts[answer.status]);
    } else if (answer.status === 403) {
      say(function () { return t('error.forbidden'); });
    } else {
      say(function () {
        return t('error.generic', { status: answer.status }) + (problem.detail ? ' ' + problem.detail : '');
      });
    }
  }

  /** Keeps the page's buttons disabled for the wait a throttled sign-in was told. */
  function hold(seconds) {
    var buttons = document.querySelectorAll('main button');
    heldUntil = Date.now() + seconds * 1000;
    buttons.forEach(function (button) {
      button.disabled = true;
    });
    window.setTimeout(function () {
      buttons.forEach(function (button) {
        button.disabled = false;
      });
    }, seconds * 1000);
  }

  /**
   * Wires a form (an element or its id): on submit, runs handler(form) with the form's buttons disabled
   * until the promise it returns settles.
   */
  function onSubmit(formOrId, handler) {
    var form = typeof formOrId === 'string' ? byId(formOrId) : formOrId;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var buttons = form.querySelectorAll('button');
      buttons.forEach(function (button) { button.disabled = true; });
      Promise.resolve().then(function () {
        return handler(form);
      }).then(function () {
        // Not while a throttled sign-in waits: hold() enables them when the wait is over.
        if (Date.now() >= heldUntil) {
          buttons.forEach(function (button) { button.disabled = false; });
        }
      });
    });
  }

  function value(form, name) {
    return form.elements[name].value.trim();
  }

  /**
   * Reads the session; calls then(view) when signed in, otherwise says so, shows the sign-in link and goes
   * to the sign-in page.
   */
  function withSession(then) {
    say(function () { return t('status.loading'); });
    return api('GET', '/sessions/current').then(function (answer) {
      if (answer.ok) {
        say(null);
        then(answer.data);
      } else if (answer.status === 401) {
        say(function () { return t('status.notSignedIn'); });
        show('signin-link', true);
        window.location.replace('signin.html?lang=' + lang);
      } else {
        sayFailure(answer);
      }
    });
  }

  /** Whether this browser can use passkeys as the pages do (WebAuthn with its JSON helpers). */
  function passkeysSupported() {
    return Boolean(window.PublicKeyCredential && navigator.credentials
      && typeof window.PublicKeyCredential.parseCreationOptionsFromJSON === 'function'
      && typeof window.PublicKeyCredential.parseRequestOptionsFromJSON === 'function');
  }

  /**
   * Runs the browser's passkey dialog with the server's options (JSON): kind 'create' registers a passkey,
   * 'get' signs in with one. Resolves to the credential, or rejects as the browser did.
   */
  function passkeyDialog(kind, publicKey) {
    return Promise.resolve().then(function () {
      var credentials = window.PublicKeyCredential;
      return kind === 'create'
        ? navigator.credentials.create({ publicKey: credentials.parseCreationOptionsFromJSON(publicKey) })
        : navigator.credentials.get({ publicKey: credentials.parseRequestOptionsFromJSON(publicKey) });
    });
  }

  /** Says why the browser's passkey dialog ended without a passkey (cancelled, timed out, already there). */
  function sayPasskeyError(error) {
    var name = error && error.name;
    say(function () {
      return name === 'InvalidStateError' ? t('error.passkeyExists') : t('error.passkeyCancelled');
    });
  }

  function signedInWith(answer) {
    if (answer.ok) {
      say(function () { return t('status.verified'); });
      window.location.assign('index.html?lang=' + lang);
      return true;
    }
    return false;
  }

  /**
   * The second-factor step (ids prefix-passkey, prefix-totp-form, prefix-recovery-form): a passkey, when the
   * browser can use one, or a TOTP or recovery code.
   */
  function wireSecondFactor(prefix) {
    function verify(form) {
      var code = value(form, 'code');
      if (!code) {
        form.elements.code.focus();
        return null;
      }
      return api('POST', '/sessions/current/second-factor', { code: code }).then(function (answer) {
        if (!signedInWith(answer)) {
          form.elements.code.value = '';
          sayFailure(answer, { 401: function () { return t('error.codeRejected'); } });
          form.elements.code.focus();
        }
      });
    }
    onSubmit(prefix + '-totp-form', verify);
    onSubmit(prefix + '-recovery-form', verify);
    show(prefix + '-passkey-option', passkeysSupported());
    onPasskeySignIn(byId(prefix + '-passkey'), '/sessions/current/passkey',
      { 409: function () { return t('error.noPasskey'); } }, 'error.passkeyRejected');
  }

  /**
   * A button that signs in with a passkey: asks {path}/options for the request options, runs the browser's
   * dialog, sends the assertion to {path}; says what went wrong in the page's language.
   */
  function onPasskeySignIn(button, path, optionFailures, rejectedKey) {
    button.addEventListener('click', function () {
      button.disabled = true;
      api('POST', path + '/options').then(function (options) {
        if (!options.ok) {
          sayFailure(options, optionFailures);
          return null;
        }
        say(function () { return t('status.passkeyWaiting'); });
        return passkeyDialog('get', options.data.publicKey).then(function (assertion) {
          return api('POST', path, {
            ceremony: options.data.ceremony,
            credential: assertion.toJSON()
          }).then(function (answer) {
            if (!signedInWith(answer)) {
              sayFailure(answer, { 401: function () { return t(rejectedKey); } });
            }
          });
        }, sayPasskeyError);
      }).then(function () {
        button.disabled = Date.now() < heldUntil;
      });
    });
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
            sayFailure(answer, { 401: function () { return t('error.signinFailed'); } });
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
      // Passwordless: the browser offers the passkeys it holds for this site; no username or password.
      show('passwordless-option', passkeysSupported());
      onPasskeySignIn(byId('signin-passwordless'), '/sessions/passkey', {}, 'error.passwordlessRejected');
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
            sayFailure(answer, { 409: function () { return t('error.alreadyEnrolled'); } });
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
            var rejected = function () { return t('error.codeRejected'); };
            sayFailure(answer, { 400: rejected, 401: rejected });
            form.elements.code.focus();
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
      var passkeys = null;

      function when(instant) {
        return new Date(instant).toLocaleString(lang);
      }

      function render() {
        if (!session) {
          return;
        }
        byId('account').textContent = session.account;
        byId('kind').textContent = session.kind;
        byId('roles').textContent = session.roles.length ? session.roles.join(', ') : t('index.none');
        byId('signed-in-at').textContent = when(session.signedInAt);
        byId('factors').textContent = session.factors.map(function (factor) {
          return t('factor.' + factor.kind) + ' (' + new Date(factor.verifiedAt).toLocaleTimeString(lang) + ')';
        }).join(', ') || t('index.none');
        byId('second-factor').textContent = t(session.secondFactorVerified ? 'index.yes' : 'index.no');
        byId('enrolled').textContent = t(session.secondFactorEnrolled ? 'index.yes' : 'index.no');
        show('mfa-link', session.secondFactorEnrolled && !session.secondFactorVerified);
      }

      /** One passkey: its name and dates, a form to rename it and a button to remove it. */
      function passkeyItem(passkey) {
        var item = document.createElement('li');
        var name = document.createElement('strong');
        name.textContent = passkey.label;
        name.setAttribute('translate', 'no');
        item.appendChild(name);
        var dates = document.createElement('span');
        dates.textContent = ' (' + t('passkeys.dates', { created: when(passkey.createdAt),
          used: when(passkey.lastUsedAt) }) + ')';
        item.appendChild(dates);

        var form = document.createElement('form');
        form.noValidate = true;
        var field = document.createElement('p');
        var label = document.createElement('label');
        label.htmlFor = 'rename-' + passkey.id;
        label.textContent = t('field.passkeyRename', { label: passkey.label });
        var input = document.createElement('input');
        input.id = 'rename-' + passkey.id;
        input.name = 'label';
        input.type = 'text';
        input.autocomplete = 'off';
        input.maxLength = 100;
        input.required = true;
        input.value = passkey.label;
        field.appendChild(label);
        field.appendChild(input);
        form.appendChild(field);
        var buttons = document.createElement('p');
        var rename = document.createElement('button');
        rename.type = 'submit';
        rename.textContent = t('action.rename');
        rename.setAttribute('aria-label', t('action.renameNamed', { label: passkey.label }));
        var remove = document.createElement('button');
        remove.type = 'button';
        remove.textContent = t('action.removePasskey');
        remove.setAttribute('aria-label', t('action.removeNamed', { label: passkey.label }));
        buttons.appendChild(rename);
        buttons.appendChild(document.createTextNode(' '));
        buttons.appendChild(remove);
        form.appendChild(buttons);
        item.appendChild(form);

        onSubmit(form, function () {
          var text = value(form, 'label');
          if (!text) {
            input.focus();
            return null;
          }
          return api('PATCH', '/account/passkeys/' + encodeURIComponent(passkey.id), { label: text })
            .then(function (answer) {
              if (!answer.ok) {
                sayFailure(answer);
                return null;
              }
              say(function () { return t('status.passkeyRenamed', { label: answer.data.label }); });
              return refresh();
            });
        });
        remove.addEventListener('click', function () {
          remove.disabled = true;
          api('DELETE', '/account/passkeys/' + encodeURIComponent(passkey.id)).then(function (answer) {
            remove.disabled = false;
            if (!answer.ok) {
              sayFailure(answer, { 409: function () { return t('error.lastFactor'); } });
              return null;
            }
            say(function () { return t('status.passkeyRemoved', { label: passkey.label }); });
            return refresh();
          });
        });
        return item;
      }

      function renderPasskeys() {
        if (!passkeys) {
          return;
        }
        var list = byId('passkey-list');
        list.textContent = '';
        passkeys.forEach(function (passkey) {
          list.appendChild(passkeyItem(passkey));
        });
        show('passkeys-none', passkeys.length === 0);
      }

      function loadPasskeys() {
        return api('GET', '/account/passkeys').then(function (answer) {
          if (answer.ok) {
            passkeys = answer.data;
            renderPasskeys();
          } else {
            sayFailure(answer);
          }
        });
      }

      /** Reads the session and the passkeys again after a change; focus goes to the passkeys' heading. */
      function refresh() {
        return api('GET', '/sessions/current').then(function (answer) {
          if (answer.ok) {
            session = answer.data;
            render();
          }
          return loadPasskeys();
        }).then(function () {
          byId('passkeys-heading').focus();
        });
      }

      rerender.push(render);
      rerender.push(renderPasskeys);
      withSession(function (view) {
        session = view;
        render();
        show('session', true);
        show('passkey-add-form', passkeysSupported());
        show('passkeys-unsupported', !passkeysSupported());
        loadPasskeys();
      });

      onSubmit('passkey-add-form', function (form) {
        var label = value(form, 'label');
        if (!label) {
          form.elements.label.focus();
          return null;
        }
        return api('POST', '/account/passkeys/options').then(function (options) {
          if (!options.ok) {
            sayFailure(options);
            return null;
          }
          say(function () { return t('status.passkeyWaiting'); });
          return passkeyDialog('create', options.data.publicKey).then(function (credential) {
            return api('POST', '/account/passkeys', {
              ceremony: options.data.ceremony,
              label: label,
              credential: credential.toJSON()
            }).then(function (answer) {
              if (!answer.ok) {
                sayFailure(answer);
                return null;
              }
              form.elements.label.value = '';
              say(function () { return t('status.passkeyAdded', { label: answer.data.label }); });
              return refresh();
            });
          }, sayPasskeyError);
        });
      });

      byId('signout').addEventListener('click', function (event) {
        var button = event.currentTarget;
        button.disabled = true;
        api('DELETE', '/sessions/current').then(function (answer) {
          button.disabled = false;
          if (answer.ok || answer.status === 401) {
            session = null;
            passkeys = null;
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
