/**
 * The entity picker's typeahead, served by Sabt (`/team/assets/picker.js`; CSP allows only
 * 'self', no inline code). It upgrades each picker's text field to an ARIA 1.2 combobox: matches
 * from the team lookup endpoint in a listbox, arrow keys to move, Enter to choose, Escape to
 * close. Choosing fills the hidden id field; typing again clears it, and the server then
 * resolves the typed text itself, exactly as it does without the script.
 */
export const PICKER_SCRIPT = `
(function(){
  var seq=0;
  function upgrade(box){
    var name=box.getAttribute("data-picker");
    var input=box.querySelector('input[type="text"]');
    var hidden=box.querySelector('input[type="hidden"]');
    var status=box.querySelector(".picker-status");
    if(!input||!hidden)return;
    var list=document.createElement("ul");
    var listId=name+"-listbox";
    list.id=listId;list.setAttribute("role","listbox");list.className="picker-list";list.hidden=true;
    list.setAttribute("aria-label",box.querySelector("label").textContent);
    input.insertAdjacentElement("afterend",list);
    input.setAttribute("role","combobox");input.setAttribute("aria-autocomplete","list");
    input.setAttribute("aria-expanded","false");input.setAttribute("aria-controls",listId);
    var items=[],active=-1,timer=0,mine=0;
    function close(){list.hidden=true;input.setAttribute("aria-expanded","false");input.removeAttribute("aria-activedescendant");active=-1;}
    function mark(i){
      active=i;
      var opts=list.querySelectorAll('[role="option"]');
      for(var k=0;k<opts.length;k++)opts[k].setAttribute("aria-selected",k===i?"true":"false");
      if(i>=0&&opts[i]){input.setAttribute("aria-activedescendant",opts[i].id);opts[i].scrollIntoView({block:"nearest"});}
    }
    function choose(i){
      var it=items[i];if(!it)return;
      hidden.value=it.id;input.value=it.label;
      if(status)status.textContent=(box.getAttribute("data-chosen")||"")+" "+it.label;
      close();
    }
    function render(){
      list.textContent="";
      items.forEach(function(it,i){
        var li=document.createElement("li");
        li.id=name+"-opt-"+i;li.setAttribute("role","option");li.setAttribute("aria-selected","false");
        li.textContent=it.label+" ("+it.type+")";
        li.addEventListener("mousedown",function(e){e.preventDefault();choose(i);});
        list.appendChild(li);
      });
      if(items.length>0){list.hidden=false;input.setAttribute("aria-expanded","true");mark(-1);}else close();
    }
    function fetchMatches(){
      var q=input.value.trim();
      if(!q){items=[];render();return;}
      var n=++seq;mine=n;
      var url=box.getAttribute("data-lookup")+"?q="+encodeURIComponent(q);
      (box.getAttribute("data-types")||"").split(",").forEach(function(t){if(t)url+="&type="+encodeURIComponent(t);});
      fetch(url,{credentials:"same-origin",headers:{"Accept":"application/json"}}).then(function(r){return r.ok?r.json():{items:[]};}).then(function(j){
        if(mine!==n)return;
        items=(j&&j.items)||[];render();
      }).catch(function(){items=[];render();});
    }
    input.addEventListener("input",function(){hidden.value="";if(status)status.textContent="";clearTimeout(timer);timer=setTimeout(fetchMatches,150);});
    input.addEventListener("keydown",function(e){
      var open=!list.hidden;
      if(e.key==="ArrowDown"){e.preventDefault();if(!open){fetchMatches();return;}mark(Math.min(items.length-1,active+1));}
      else if(e.key==="ArrowUp"){e.preventDefault();if(open)mark(Math.max(0,active-1));}
      else if(e.key==="Enter"){if(open&&active>=0){e.preventDefault();choose(active);}}
      else if(e.key==="Escape"){if(open){e.preventDefault();close();}}
    });
    input.addEventListener("blur",function(){setTimeout(close,100);});
  }
  // The claim form shows every value type's fields without the script; with it, only the chosen type's.
  function valueTypes(){
    var sel=document.getElementById("valueType");if(!sel)return;
    function show(){var groups=document.querySelectorAll("[data-value-types]");for(var i=0;i<groups.length;i++)groups[i].hidden=groups[i].getAttribute("data-value-types").split(" ").indexOf(sel.value)<0;}
    sel.addEventListener("change",show);show();
  }
  function init(){var boxes=document.querySelectorAll("[data-picker]");for(var i=0;i<boxes.length;i++)upgrade(boxes[i]);valueTypes();}
  if(document.readyState==="loading")document.addEventListener("DOMContentLoaded",init);else init();
})();
`;

/** Styles of the authoring pages: errors beside fields, the picker's listbox, the coordinates frame. */
export const AUTHORING_STYLES = `
.field-error{color:var(--warn);font-weight:600;margin:.25rem 0}
[aria-invalid=true]{border-color:var(--warn)!important;border-width:2px!important}
fieldset{border:1px solid var(--line);border-radius:6px;margin-block:1rem;padding:.5rem 1rem}
legend{font-weight:700}
.picker-list{list-style:none;margin:0;padding:0;border:1px solid #767676;max-height:14rem;overflow:auto;background:#fff;min-width:16rem;max-width:40rem}
.picker-list [role=option]{padding:.3rem .5rem;cursor:pointer}
.picker-list [role=option][aria-selected=true]{background:#0b4f8a;color:#fff}
.geo-frame{width:18rem;max-width:100%;height:auto;border:1px solid var(--line);background:#f4f7fa}
.preview{border:1px dashed var(--line);padding:.5rem 1rem}
[hidden]{display:none!important}
`;
