/** URL of the workspace stylesheet (served by Sabt itself; CSP allows only 'self'). */
export const ASSET_CSS = "/team/assets/team.css";
/** URL of the workspace script (security keys only; every page works without it). */
export const ASSET_JS = "/team/assets/team.js";

/**
 * The stylesheet: system fonts, logical properties so one sheet serves RTL and LTR, colors with
 * at least 4.5:1 contrast, visible focus.
 */
export const TEAM_CSS = `
:root{--fg:#1b1b1b;--muted:#4a4a4a;--bg:#fff;--line:#c8c8c8;--accent:#0b4f8a;--warn:#8a1c0b;--ok:#1d5e20;--conf:#6b1a6b}
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Tahoma,"Noto Sans Arabic","Noto Sans",sans-serif;color:var(--fg);background:var(--bg);line-height:1.5}
a{color:var(--accent)}
a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #f0a500;outline-offset:2px}
.skip{position:absolute;inset-inline-start:-999px}
.skip:focus{inset-inline-start:1rem;top:1rem;background:#fff;padding:.5rem;z-index:2}
.top{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between;padding:.5rem 1rem;border-block-end:1px solid var(--line)}
.brand{font-weight:700;margin:0}
.top ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;margin:0;padding:0}
main{padding:1rem;max-width:72rem;margin:0 auto}
.submission-text{white-space:pre-wrap;overflow-wrap:anywhere;font:inherit;border-inline-start:3px solid var(--line);padding-inline-start:.75rem}
label{display:block;font-weight:600;margin-block-start:.75rem}
input[type=text],input[type=email],input[type=password],input[type=search],input[type=number],select,textarea{font:inherit;padding:.4rem;border:1px solid #767676;border-radius:4px;min-width:16rem;max-width:100%}
textarea{width:100%;min-height:6rem}
button{font:inherit;padding:.4rem .9rem;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:4px;cursor:pointer}
button.secondary{background:#fff;color:var(--accent)}
.notice{padding:.75rem;border-radius:4px;margin-block:1rem;border:2px solid}
.notice.error{border-color:var(--warn);color:var(--warn)}
.notice.ok{border-color:var(--ok);color:var(--ok)}
table{border-collapse:collapse;width:100%;margin-block:1rem}
th,td{border:1px solid var(--line);padding:.35rem .5rem;text-align:start;vertical-align:top}
.badge{display:inline-block;border:1px solid currentColor;border-radius:3px;padding:0 .3rem;font-size:.85em;margin-inline-end:.25rem}
.badge.confidential{color:var(--conf)}
.badge.team{color:var(--muted)}
.badge.public{color:var(--ok)}
.badge.contested{color:var(--warn)}
.layout{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,1fr);gap:1.5rem}
@media (max-width:50rem){.layout{grid-template-columns:1fr}}
.group{border:1px solid var(--line);border-radius:6px;padding:.5rem 1rem;margin-block-end:1rem}
.rivals{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:1rem}
.claim{border-inline-start:4px solid var(--line);padding-inline-start:.75rem}
.claim.contested{border-inline-start-color:var(--warn)}
.claim .value{font-size:1.1em;font-weight:600;overflow-wrap:anywhere}
.meta{color:var(--muted);font-size:.9em}
.signout{display:flex;gap:.5rem;align-items:center;margin:0}
code,.mono{font-family:ui-monospace,monospace;overflow-wrap:anywhere}
.inline{display:inline}
.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.compare td{vertical-align:top;overflow-wrap:anywhere}
.compare th,.compare td:last-child{vertical-align:top;white-space:nowrap}
ins{background:#dff0df;text-decoration:underline}
del{background:#f8e1e1;text-decoration:line-through}
progress{width:10rem}
.evidence-image{max-width:100%;height:auto;border:1px solid var(--line)}
.evidence-text{white-space:pre-wrap;overflow-wrap:anywhere;max-height:40rem;overflow:auto;border:1px solid var(--line);padding:.5rem;font:inherit}
dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.25rem 1rem}
dt{font-weight:600}
dd{margin:0}
.field-error{color:var(--warn);margin:.25rem 0;font-weight:600}
.totp-qr{width:14rem;height:14rem;image-rendering:pixelated;background:#fff;border:1px solid var(--line)}
.row-actions form{display:inline-block;margin-inline-end:.5rem;margin-block:.2rem}
.row-actions select{min-width:8rem}
.shown-once{font-family:ui-monospace,monospace;overflow-wrap:anywhere;border:2px solid var(--ok);padding:.5rem;border-radius:4px}
fieldset{border:1px solid var(--line);border-radius:4px;margin-block-start:.75rem}
fieldset label{display:inline;font-weight:400;margin-inline-end:1rem}
`;

/**
 * The workspace script: only the WebAuthn ceremonies, which need the browser API. It reads its
 * endpoints from data attributes and posts JSON with the anti-CSRF token header.
 */
export const TEAM_JS = `
(function(){
  var b64u={
    enc:function(buf){var s="";var a=new Uint8Array(buf);for(var i=0;i<a.length;i++)s+=String.fromCharCode(a[i]);return btoa(s).replace(/\\+/g,"-").replace(/\\//g,"_").replace(/=+$/,"");},
    dec:function(str){str=str.replace(/-/g,"+").replace(/_/g,"/");while(str.length%4)str+="=";var s=atob(str);var a=new Uint8Array(s.length);for(var i=0;i<s.length;i++)a[i]=s.charCodeAt(i);return a.buffer;}
  };
  function csrf(){var m=document.querySelector('meta[name="csrf-token"]');return m?m.getAttribute("content"):"";}
  function post(url,body){return fetch(url,{method:"POST",credentials:"same-origin",headers:{"Content-Type":"application/json","X-CSRF-Token":csrf()},body:JSON.stringify(body||{})}).then(function(r){return r.json().then(function(j){if(!r.ok)throw new Error((j.error&&j.error.message)||"failed");return j;});});}
  function status(el,msg){var s=document.getElementById(el.getAttribute("data-status"));if(s)s.textContent=msg;}
  function register(btn){
    var nameInput=document.getElementById(btn.getAttribute("data-name"));
    post(btn.getAttribute("data-options"),{}).then(function(o){
      o.challenge=b64u.dec(o.challenge);o.user.id=b64u.dec(o.user.id);
      (o.excludeCredentials||[]).forEach(function(c){c.id=b64u.dec(c.id);});
      return navigator.credentials.create({publicKey:o});
    }).then(function(cred){
      var r=cred.response;
      return post(btn.getAttribute("data-verify"),{name:nameInput?nameInput.value:"",response:{id:cred.id,rawId:b64u.enc(cred.rawId),type:cred.type,clientExtensionResults:cred.getClientExtensionResults(),response:{clientDataJSON:b64u.enc(r.clientDataJSON),attestationObject:b64u.enc(r.attestationObject),transports:r.getTransports?r.getTransports():[]}}});
    }).then(function(j){window.location.assign(j.next);}).catch(function(e){status(btn,e.message);});
  }
  function authenticate(btn){
    post(btn.getAttribute("data-options"),{}).then(function(o){
      o.challenge=b64u.dec(o.challenge);
      (o.allowCredentials||[]).forEach(function(c){c.id=b64u.dec(c.id);});
      return navigator.credentials.get({publicKey:o});
    }).then(function(cred){
      var r=cred.response;
      return post(btn.getAttribute("data-verify"),{response:{id:cred.id,rawId:b64u.enc(cred.rawId),type:cred.type,clientExtensionResults:cred.getClientExtensionResults(),response:{clientDataJSON:b64u.enc(r.clientDataJSON),authenticatorData:b64u.enc(r.authenticatorData),signature:b64u.enc(r.signature),userHandle:r.userHandle?b64u.enc(r.userHandle):undefined}}});
    }).then(function(j){window.location.assign(j.next);}).catch(function(e){status(btn,e.message);});
  }
  document.addEventListener("click",function(ev){
    var t=ev.target;if(!(t instanceof Element))return;
    var btn=t.closest("[data-webauthn]");if(!btn)return;
    ev.preventDefault();
    if(!window.PublicKeyCredential){status(btn,"This browser has no security key support.");return;}
    if(btn.getAttribute("data-webauthn")==="register")register(btn);else authenticate(btn);
  });
})();
`;
