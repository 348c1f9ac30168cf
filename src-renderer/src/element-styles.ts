/**
 * The styles of the Element Plus components the first screen uses (the login form, the
 * start-up screen and the toasts), each with the styles it depends on, instead of the whole
 * 360 KB theme: the counter PCs parse less before the login shows. Every other component's
 * styles are in element-styles-app.ts, loaded before any other screen (app-styles.ts).
 * A component added to the login screen needs its line here; one added to any other screen
 * needs its line there (the screen shows it unstyled otherwise).
 */
import 'element-plus/es/components/alert/style/css';
import 'element-plus/es/components/button/style/css';
import 'element-plus/es/components/config-provider/style/css';
import 'element-plus/es/components/form/style/css';
import 'element-plus/es/components/form-item/style/css';
import 'element-plus/es/components/input/style/css';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/result/style/css';
