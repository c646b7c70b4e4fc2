// Check-in with the phone camera, where the browser has BarcodeDetector (Android Chrome, Safari):
// the QR code read fills the code field and submits the form. Elsewhere nothing changes: the
// field still takes a scanner's keystrokes.
(function () {
  "use strict";
  var box = document.querySelector("[data-camera]");
  var field = document.getElementById("f-code");
  if (!box || !field || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  var start = box.querySelector("[data-camera-start]");
  var video = box.querySelector("[data-camera-video]");
  box.hidden = false;
  start.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" } })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        start.hidden = true;
        return video.play().then(function () {
          scan(detector, stream);
        });
      })
      .catch(function () {
        start.hidden = false;
      });
  });

  function scan(detector, stream) {
    detector
      .detect(video)
      .then(function (codes) {
        if (codes.length === 0) {
          window.requestAnimationFrame(function () {
            scan(detector, stream);
          });
          return;
        }
        stream.getTracks().forEach(function (track) {
          track.stop();
        });
        field.value = codes[0].rawValue;
        field.form.requestSubmit();
      })
      .catch(function () {
        window.setTimeout(function () {
          scan(detector, stream);
        }, 250);
      });
  }
})();
