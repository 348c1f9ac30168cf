/**
 * The styles the first screen needs (the login form, its alert and the toasts), each with the
 * styles it depends on, instead of the whole 360 KB theme: the counter PCs parse less before
 * the login shows. The login draws its fields and button from these classes without Element
 * Plus's script (PlainTextField.vue). Every other component's styles are in
 * element-styles-app.ts, loaded before any other screen (element-plus-app.ts). A component
 * added to the login screen needs its line here; one added to any other screen needs its line
 * there (the screen shows it unstyled otherwise).
 */
import 'element-plus/es/components/alert/style/css';
import 'element-plus/es/components/button/style/css';
import 'element-plus/es/components/form/style/css';
import 'element-plus/es/components/form-item/style/css';
import 'element-plus/es/components/input/style/css';
import 'element-plus/es/components/message/style/css';
